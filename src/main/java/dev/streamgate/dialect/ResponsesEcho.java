package dev.streamgate.dialect;

import dev.streamgate.Json;
import io.vertx.core.json.JsonObject;

/**
 * The part of a response object that repeats its request (model aside): instructions, parameters,
 * tools, metadata…, with OpenAI's defaults filled in where the request left a field out, as OpenAI
 * writes them. Kept with a stored response, so a response read back later repeats the same.
 */
final class ResponsesEcho {

  private ResponsesEcho() {
  }

  /** The fields of {@code body}, a checked request, that its response repeats. */
  static JsonObject of(RequestFields body, boolean store, boolean background) {
    JsonObject json = body.json();
    JsonObject text = Json.object(json, "text");
    return new JsonObject().put("instructions", json.getString("instructions"))
        .put("max_output_tokens", json.getValue("max_output_tokens"))
        .put("metadata", Json.object(json, "metadata"))
        .put("parallel_tool_calls", json.getBoolean("parallel_tool_calls", true))
        .put("previous_response_id", json.getString("previous_response_id"))
        .put("reasoning", json.getJsonObject("reasoning", new JsonObject().put("effort", null).put("summary", null)))
        .put("store", store).put("background", background)
        .put("temperature", json.getValue("temperature", 1.0)).put("top_p", json.getValue("top_p", 1.0))
        .put("text", new JsonObject().put("format", text.getJsonObject("format", new JsonObject().put("type", "text"))))
        .put("tool_choice", json.getValue("tool_choice", "auto")).put("tools", Json.array(json, "tools"))
        .put("truncation", json.getString("truncation", "disabled")).put("user", json.getString("user"));
  }
}
