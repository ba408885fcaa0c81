package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A function call an assistant made: its id (which the tool result names), the function's name and
 * its arguments as a JSON text. JSON, as OpenAI's: {@code {"id","type":"function","function":{"name",
 * "arguments"}}}.
 *
 * <p>A call Gemini made may carry its thought signature, which Gemini must get back with the call, in
 * its id: {@code <own id>__thought__<signature>}, LiteLLM's convention, so that it survives every
 * dialect and every client that sends ids back as it got them, and histories made through LiteLLM
 * keep theirs. Other providers get the call's own id.
 */
public record ToolCall(String id, String name, String arguments) {

  private static final String SIGNED = "__thought__";

  /** {@code id} carrying {@code signature}; {@code id} alone when there is none. */
  public static String signed(String id, String signature) {
    return signature == null || signature.isEmpty() ? id : id + SIGNED + signature;
  }

  /** True when {@code id} carries a thought signature. */
  public static boolean isSigned(String id) {
    return id != null && id.contains(SIGNED);
  }

  /** The call's own id: {@code id} without a thought signature riding in it. */
  public static String ownId(String id) {
    int at = id == null ? -1 : id.indexOf(SIGNED);
    return at < 0 ? id : id.substring(0, at);
  }

  /** The thought signature riding in {@code id}; null when none does. */
  public static String signature(String id) {
    int at = id == null ? -1 : id.indexOf(SIGNED);
    return at < 0 || at + SIGNED.length() == id.length() ? null : id.substring(at + SIGNED.length());
  }

  /** This call with its own id, for a provider other than the one that signed it. */
  ToolCall unsigned() {
    return isSigned(id) ? new ToolCall(ownId(id), name, arguments) : this;
  }

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
