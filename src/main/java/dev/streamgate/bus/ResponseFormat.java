package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * The shape the answer must take: {@code text}, {@code json_object} (any JSON object), or
 * {@code json_schema} (an object following {@code schema}, named {@code name} and described by
 * {@code description}, {@code strict} or not). JSON, as OpenAI's {@code response_format}.
 */
public record ResponseFormat(String type, String name, String description, JsonObject schema, Boolean strict) {

  public static final String TEXT = "text";
  public static final String JSON_OBJECT = "json_object";
  public static final String JSON_SCHEMA = "json_schema";

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type);
    if (JSON_SCHEMA.equals(type)) {
      JsonObject described = new JsonObject().put("name", name);
      if (description != null) {
        described.put("description", description);
      }
      if (schema != null) {
        described.put("schema", schema);
      }
      if (strict != null) {
        described.put("strict", strict);
      }
      json.put("json_schema", described);
    }
    return json;
  }

  public static ResponseFormat fromJson(JsonObject json) {
    JsonObject described = json.getJsonObject("json_schema", new JsonObject());
    return new ResponseFormat(json.getString("type"), described.getString("name"), described.getString("description"),
        described.getJsonObject("schema"), described.getBoolean("strict"));
  }
}
