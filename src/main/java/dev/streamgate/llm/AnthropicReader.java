package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Anthropic's Messages stream: {@code message_start} (input tokens), {@code content_block_delta}
 * ({@code text_delta} is the answer, {@code thinking_delta} reasoning; tool-input deltas are skipped),
 * {@code message_delta} (stop reason, output tokens), {@code message_stop}; {@code ping} is ignored
 * and {@code event: error} ends the turn (overloaded and API errors may be retried).
 */
final class AnthropicReader implements StreamReader {

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private long inputTokens;
  private long outputTokens;
  private String stopReason;
  private boolean finished;

  AnthropicReader(ChunkSink sink, ProviderErrors errors) {
    this.sink = sink;
    this.errors = errors;
  }

  @Override
  public void onEvent(String type, String data) {
    try {
      read(type, data);
    } catch (ClassCastException wrongType) { // a field of another JSON type than the API's (Vert.x getters cast)
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }

  private void read(String type, String data) {
    switch (type) {
      case "message_start" -> inputTokens = json(data).getJsonObject("message", new JsonObject())
          .getJsonObject("usage", new JsonObject()).getLong("input_tokens", 0L);
      case "content_block_delta" -> {
        JsonObject delta = json(data).getJsonObject("delta", new JsonObject());
        if ("text_delta".equals(delta.getString("type"))) {
          sink.text(delta.getString("text"));
        } else if ("thinking_delta".equals(delta.getString("type"))) {
          sink.delta(Delta.reasoning(0, delta.getString("thinking")));
        }
      }
      case "message_delta" -> {
        JsonObject event = json(data);
        stopReason = event.getJsonObject("delta", new JsonObject()).getString("stop_reason", stopReason);
        outputTokens = event.getJsonObject("usage", new JsonObject()).getLong("output_tokens", outputTokens);
      }
      case "message_stop" -> {
        finished = true;
        sink.done(FinishReasons.normalize(stopReason), new Usage(inputTokens, outputTokens));
      }
      case "error" -> throw new ProviderFailure(failure(json(data).getJsonObject("error", new JsonObject())));
      default -> {
        // ping, content_block_start/stop and future event types carry nothing the client needs.
      }
    }
  }

  @Override
  public void onEnd() {
    if (!finished) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
  }

  private UpstreamFailure failure(JsonObject error) {
    String kind = error.getString("type", "error");
    String message = errors.reported(kind + ": " + error.getString("message", ""));
    boolean retryable = kind.equals("overloaded_error") || kind.equals("api_error") || kind.equals("rate_limit_error");
    return new UpstreamFailure(Failure.UPSTREAM_ERROR, message, retryable, 0);
  }

  private JsonObject json(String data) {
    try {
      return new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }
}
