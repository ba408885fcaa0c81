package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A function the model may call: its name, a description, and the JSON schema of its parameters (an
 * object schema). JSON, as OpenAI's: {@code {"type":"function","function":{"name","description"?,
 * "parameters"}}}.
 */
public record Tool(String name, String description, JsonObject parameters) {

  public JsonObject toJson() {
    JsonObject function = new JsonObject().put("name", name);
    if (description != null) {
      function.put("description", description);
    }
    return new JsonObject().put("type", "function").put("function", function.put("parameters", parameters));
  }

  public static Tool fromJson(JsonObject json) {
    JsonObject function = json.getJsonObject("function");
    return new Tool(function.getString("name"), function.getString("description"),
        function.getJsonObject("parameters", new JsonObject().put("type", "object")));
  }
}
