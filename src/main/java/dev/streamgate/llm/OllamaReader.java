package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Ollama's native {@code /api/chat} stream, one JSON object per line: {@code message.content} deltas
 * (and {@code message.thinking}, reasoning), then a line with {@code done: true}, {@code done_reason}
 * and the token counts
 * ({@code prompt_eval_count}, {@code eval_count}); {@code {"error": "…"}} reports a failure.
 */
final class OllamaReader implements StreamReader {

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private boolean finished;

  OllamaReader(ChunkSink sink, ProviderErrors errors) {
    this.sink = sink;
    this.errors = errors;
  }

  @Override
  public void onEvent(String type, String line) {
    try {
      read(new JsonObject(line));
    } catch (DecodeException | ClassCastException malformed) { // not JSON, or a field of another type (getters cast)
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(line)));
    }
  }

  private void read(JsonObject event) {
    if (event.getValue("error") != null) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR, errors.reported(String.valueOf(event.getValue("error")))));
    }
    if (event.getValue("message") instanceof JsonObject message) {
      if (message.getValue("thinking") instanceof String thinking) {
        sink.delta(Delta.reasoning(0, thinking));
      }
      if (message.getValue("content") instanceof String text) {
        sink.text(text);
      }
    }
    if (event.getBoolean("done", false)) {
      finished = true;
      sink.done(FinishReasons.normalize(event.getString("done_reason", "stop")),
          new Usage(event.getLong("prompt_eval_count", 0L), event.getLong("eval_count", 0L)));
    }
  }

  @Override
  public void onEnd() {
    if (!finished) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
  }
}
