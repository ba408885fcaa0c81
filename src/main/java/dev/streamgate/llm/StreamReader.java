package dev.streamgate.llm;

import java.nio.charset.StandardCharsets;

/**
 * Reads one provider's streamed answer, event by event, and reports it to the turn's
 * {@link ChunkSink}. One instance per call; called on the upstream verticle's event loop. A failure
 * the stream reveals (an error event, malformed data, a blocked prompt) is thrown as a
 * {@link ProviderFailure}; the call then aborts the upstream request.
 */
interface StreamReader {

  /** One event: an SSE event ({@code type} "message" unless named) or one NDJSON line ({@code type} null). */
  void onEvent(String type, String data);

  /**
   * The same, with the data as UTF-8 bytes, {@code data[0..length)}, valid only during the call: a
   * reader that parses them as they are overrides this; the others get them decoded.
   */
  default void onEvent(String type, byte[] data, int length) {
    onEvent(type, new String(data, 0, length, StandardCharsets.UTF_8));
  }

  /** The provider ended the response; report {@code done} if the answer is whole, else throw. */
  void onEnd();
}
