package dev.streamgate.llm;

/**
 * Where a provider reports one turn's progress. Calls come from the upstream verticle's event loop.
 * After the first {@link #done} or {@link #fail} every further call is ignored, so a provider need not
 * guard against reporting twice (for example a reset connection failing after a cancel).
 */
public interface ChunkSink {

  /** A piece of answer text, in order; empty text is skipped. */
  void delta(String text);

  /**
   * Runs {@code handleRead}, the handling of one network read, and sends the deltas it reported
   * together when it returns: one event-bus message and one client write per read instead of one per
   * token, with nothing held back past the read that carried it.
   */
  void read(Runnable handleRead);

  /** The answer is complete. {@code finishReason} and {@code usage} may be null when not reported. */
  void done(String finishReason, Usage usage);

  /** The call failed; the message is shown to the client, so it must hold no secret. */
  void fail(UpstreamFailure failure);
}
