package dev.streamgate.llm;

import dev.streamgate.bus.Delta;

/**
 * Where a provider reports one turn's progress. Calls come from the upstream verticle's event loop.
 * After the first {@link #done} or {@link #fail} every further call is ignored, so a provider need not
 * guard against reporting twice (for example a reset connection failing after a cancel).
 */
public interface ChunkSink {

  /** A piece of what the model streams, in order; one without content is skipped. Held until the next {@link #flush}. */
  void delta(Delta delta);

  /** A piece of the (first) answer's text. */
  default void text(String text) {
    delta(Delta.text(text));
  }

  /**
   * Sends the deltas reported since the last flush, together: a provider flushes once after each
   * network read (the mock, after each word), so a read costs one event-bus message and one client
   * write instead of one per token, and nothing is held back past the read that carried it.
   */
  void flush();

  /** True while the client is not reading: the provider is not to be read meanwhile (TCP pushes back). */
  boolean paused();

  /** The answer is complete. {@code finishReason} and {@code usage} may be null when not reported. */
  void done(String finishReason, Usage usage);

  /** The call failed; the message is shown to the client, so it must hold no secret. */
  void fail(UpstreamFailure failure);
}
