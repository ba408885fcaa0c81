package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#SESSION_TURN_BEGIN}: {@code session_id} (absent: create a session),
 * {@code message} (the user's text), {@code model} (absent: the session's or the default model).
 */
public record TurnBegin(String sessionId, String message, String model) {

  public JsonObject toJson() {
    return new JsonObject().put("session_id", sessionId).put("message", message).put("model", model);
  }

  public static TurnBegin fromJson(JsonObject json) {
    return new TurnBegin(json.getString("session_id"), json.getString("message"), json.getString("model"));
  }
}
