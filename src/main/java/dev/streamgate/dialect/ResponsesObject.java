package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A response object as it stands: its id, creation time and model, the request fields it repeats, the
 * output items so far, and what its turn's end gives it: the status ({@code completed}, {@code incomplete}
 * for the token bound or a content filter, {@code cancelled} when it was stopped, {@code failed}), the
 * error, the incomplete details and the usage, in the Responses API's words.
 */
final class ResponsesObject {

  private final String id;
  private final JsonObject request;
  private final long createdAt;
  private final JsonArray output;
  private String model;

  /** {@code output}: the items as they close, copied into each object built; the rest as {@link ResponsesFormat}'s. */
  ResponsesObject(String id, JsonObject request, String model, long createdAt, JsonArray output) {
    this.id = id;
    this.request = request;
    this.model = model;
    this.createdAt = createdAt;
    this.output = output;
  }

  /** The response before its turn ends: {@code status} queued or in progress. */
  JsonObject started(String status) {
    return response(status, null, null, null);
  }

  /** The response as the turn's last entry leaves it. */
  JsonObject ended(JournalEntry last) {
    JsonObject end = last.end();
    if (last.kind() == JournalEntry.Kind.ERROR) {
      Failure failure = OpenAiChatFormat.failure(last);
      boolean stopped = failure == Failure.STOPPED || failure == Failure.ABANDONED;
      return response(stopped ? "cancelled" : "failed", new JsonObject().put("code", failure.code())
          .put("message", OpenAiChatFormat.message(last)), null, null);
    }
    model = end.getString("model", model);
    String finish = Objects.requireNonNullElse(end.getString("finish_reason"), "stop");
    JsonObject incomplete = switch (finish) {
      case "length" -> new JsonObject().put("reason", "max_output_tokens");
      case "content_filter" -> new JsonObject().put("reason", "content_filter");
      default -> null;
    };
    return response(incomplete == null ? "completed" : "incomplete", null, incomplete, usage(end));
  }

  private JsonObject response(String status, JsonObject error, JsonObject incomplete, JsonObject usage) {
    JsonObject response = new JsonObject().put("id", id).put("object", "response").put("created_at", createdAt)
        .put("status", status).put("background", request.getValue("background")).put("error", error)
        .put("incomplete_details", incomplete);
    request.forEach(field -> response.getMap().putIfAbsent(field.getKey(), field.getValue()));
    return response.put("model", model).put("output", output.copy()).put("usage", usage);
  }

  /** OpenAI's Responses words for the usage a turn reports in chat completions' words. */
  private static JsonObject usage(JsonObject done) {
    JsonObject usage = done.getJsonObject("usage");
    if (usage == null) {
      return null;
    }
    return new JsonObject().put("input_tokens", usage.getLong("prompt_tokens", 0L))
        .put("input_tokens_details", new JsonObject().put("cached_tokens",
            Json.object(usage, "prompt_tokens_details").getLong("cached_tokens", 0L)))
        .put("output_tokens", usage.getLong("completion_tokens", 0L))
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens",
            Json.object(usage, "completion_tokens_details").getLong("reasoning_tokens", 0L)))
        .put("total_tokens", usage.getLong("total_tokens", 0L));
  }
}
