package dev.streamgate.llm;

/** A running upstream call. All methods are called on the upstream verticle's event loop. */
public interface Generation {

  /** Aborts the call: the provider sees its connection closed; no more chunks are reported. */
  void cancel();

  /** Stops reading from the provider (TCP pushes back) until {@link #resume()}. */
  void pause();

  void resume();
}
