package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A function call an assistant made: its id (which the tool result names), the function's name and
 * its arguments as a JSON text. JSON, as OpenAI's: {@code {"id","type":"function","function":{"name",
 * "arguments"}}}.
 */
public record ToolCall(String id, String name, String arguments) {

  /** The arguments as a JSON object, for the APIs that take them as one (a dialect checked they are one). */
  public JsonObject input() {
    return arguments.isBlank() ? new JsonObject() : new JsonObject(arguments);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  public static ToolCall fromJson(JsonObject json) {
    JsonObject function = json.getJsonObject("function", new JsonObject());
    return new ToolCall(json.getString("id"), function.getString("name"), function.getString("arguments", "{}"));
  }
}
