package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Set;

/**
 * What differs between model APIs: where and how to ask (URL, auth headers, request body), how the
 * answer is framed on the wire, and how its events read. The HTTP mechanics (connection, streaming,
 * cancel, back-pressure, errors before the stream) are shared, in {@link HttpProvider}.
 */
interface ProviderApi {

  /** How the response body is split into events. */
  enum Framing { SSE, NDJSON }

  String name();

  /** Method, absolute URL and headers (credentials included) of the streaming request for {@code model}. */
  RequestOptions request(String model);

  /** What this API maps of what a turn may ask beyond text ({@link Provider#honours}). */
  Set<String> honours();

  /** The request body: the conversation in this API's shape, with streaming on. */
  Buffer body(LlmRequest request, String model);

  /**
   * How this API counts the input tokens of {@link #body}, or null when it has no counter (OpenAI's
   * and Ollama's): Anthropic's {@code count_tokens}, Gemini's {@code countTokens}.
   */
  default TokenCount tokenCount(LlmRequest request, String model) {
    return null;
  }

  /** A counter's request: a POST of {@code body}, answered with a JSON object holding the count in {@code field}. */
  record TokenCount(RequestOptions request, Buffer body, String field) {
  }

  /**
   * True for Gemini's, which takes back the thought signatures its calls' ids carry ({@link
   * dev.streamgate.bus.ToolCall}); the others get each call's own id.
   */
  default boolean takesThoughtSignatures() {
    return false;
  }

  /** Server-Sent Events unless the API says otherwise. */
  default Framing framing() {
    return Framing.SSE;
  }

  /** A reader for the answer to {@code request}, reporting to {@code sink}. */
  StreamReader reader(LlmRequest request, ChunkSink sink, ProviderErrors errors);

  /** The provider's base URL (scheme, host, port, path prefix). */
  String baseUrl();

  /** Its authority, for error messages ("Cannot reach openai at host:port"). */
  default String authority() {
    return URI.create(baseUrl()).getAuthority();
  }

  /** The credential to scrub from any text a client may see; empty when there is none. */
  String secret();
}
