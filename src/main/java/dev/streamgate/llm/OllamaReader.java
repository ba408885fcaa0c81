package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ollama's native {@code /api/chat} stream, one JSON object per line: {@code message.content} deltas,
 * {@code message.thinking} (reasoning) and {@code message.tool_calls} (whole calls, their arguments an
 * object: each streams as its start and its arguments in one fragment), then a line with
 * {@code done: true}, {@code done_reason} and the token counts ({@code prompt_eval_count},
 * {@code eval_count}, reasoning included); {@code {"error": "…"}} reports a failure. Ollama says
 * {@code stop} after a tool call too: the answer then ends as {@code tool_calls}.
 */
final class OllamaReader implements StreamReader {

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private final String callIds;
  private int calls;
  private boolean finished;

  OllamaReader(ChunkSink sink, ProviderErrors errors) {
    this(sink, errors, "call_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "_");
  }

  /**
   * {@code callIds}: the prefix of the ids given to calls Ollama names none for (versions before
   * 0.12 never do); random per answer, so a conversation's ids never repeat.
   */
  OllamaReader(ChunkSink sink, ProviderErrors errors, String callIds) {
    this.sink = sink;
    this.errors = errors;
    this.callIds = callIds;
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
      String error = String.valueOf(event.getValue("error"));
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR, errors.reported(error)));
    }
    if (event.getValue("message") instanceof JsonObject message) {
      if (message.getValue("thinking") instanceof String thinking && !thinking.isEmpty()) {
        sink.delta(Delta.reasoning(0, thinking));
      }
      if (message.getValue("content") instanceof String text && !text.isEmpty()) {
        sink.text(text);
      }
      for (Object call : Json.array(message, "tool_calls")) {
        readCall((JsonObject) call);
      }
    }
    if (event.getBoolean("done", false)) {
      finished = true;
      String reason = FinishReasons.normalize(event.getString("done_reason", "stop"));
      sink.done(calls > 0 && reason.equals("stop") ? "tool_calls" : reason,
          new Usage(event.getLong("prompt_eval_count", 0L), event.getLong("eval_count", 0L)));
    }
  }

  private void readCall(JsonObject call) {
    JsonObject function = Json.object(call, "function");
    String id = call.getValue("id") instanceof String given && !given.isEmpty() ? given : callIds + calls;
    Object arguments = function.getValue("arguments");
    sink.delta(Delta.toolCall(0, calls, id, function.getString("name")));
    sink.delta(Delta.toolArguments(0, calls, arguments instanceof JsonObject object ? object.encode()
        : arguments instanceof String text ? text : "{}"));
    calls++;
  }

  @Override
  public void onEnd() {
    if (!finished) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
  }
}
