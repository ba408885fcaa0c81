package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#SESSION_TURN_BEGIN}: {@code session_id} (absent: create a session),
 * {@code message} (the user's text), {@code model} (absent: the session's or the default model),
 * {@code create_missing} (an unknown {@code session_id} starts a session with that id instead of
 * failing 404, as clients that name their own conversation ids expect), {@code owner} (the caller's
 * API key fingerprint, null when keys are off: another key's session is not found).
 */
public record TurnBegin(String sessionId, String message, String model, boolean createMissing, String owner) {

  public JsonObject toJson() {
    return new JsonObject().put("session_id", sessionId).put("message", message).put("model", model)
        .put("create_missing", createMissing).put("owner", owner);
  }

  public static TurnBegin fromJson(JsonObject json) {
    return new TurnBegin(json.getString("session_id"), json.getString("message"), json.getString("model"),
        json.getBoolean("create_missing", false), json.getString("owner"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnBegin of(Object body) {
    return body instanceof TurnBegin record ? record : fromJson((JsonObject) body);
  }
}
