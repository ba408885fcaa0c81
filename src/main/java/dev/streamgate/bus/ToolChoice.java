package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Whether the model may, must or must not call a tool: {@code auto}, {@code none}, {@code required}, or
 * {@code function} (then {@code function} names the one it must call). JSON, as OpenAI's: the mode as a
 * string, or {@code {"type":"function","function":{"name"}}}.
 */
public record ToolChoice(String mode, String function) {

  public static final String AUTO = "auto";
  public static final String NONE = "none";
  public static final String REQUIRED = "required";
  public static final String FUNCTION = "function";

  public Object toJson() {
    return FUNCTION.equals(mode)
        ? new JsonObject().put("type", FUNCTION).put("function", new JsonObject().put("name", function)) : mode;
  }

  public static ToolChoice fromJson(Object json) {
    if (json instanceof JsonObject named) {
      return new ToolChoice(FUNCTION, named.getJsonObject("function").getString("name"));
    }
    return json == null ? null : new ToolChoice((String) json, null);
  }
}
