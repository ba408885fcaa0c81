package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A function the model may call: its name, a description, the JSON schema of its parameters (an
 * object schema) and whether calls must follow that schema exactly ({@code strict}; null when not
 * said). JSON, as OpenAI's: {@code {"type":"function","function":{"name","description"?,
 * "parameters","strict"?}}}.
 */
public record Tool(String name, String description, JsonObject parameters, Boolean strict) {

  public JsonObject toJson() {
    JsonObject function = new JsonObject().put("name", name);
    if (description != null) {
      function.put("description", description);
    }
    function.put("parameters", parameters);
    if (strict != null) {
      function.put("strict", strict);
    }
    return new JsonObject().put("type", "function").put("function", function);
  }

  public static Tool fromJson(JsonObject json) {
    JsonObject function = json.getJsonObject("function");
    return new Tool(function.getString("name"), function.getString("description"),
        function.getJsonObject("parameters", new JsonObject().put("type", "object")), function.getBoolean("strict"));
  }
}
