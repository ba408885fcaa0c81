package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#SESSION_TURN_END}: {@code session_id}, {@code turn_id}, {@code reply}
 * (the assistant text relayed, possibly partial) and {@code interrupted} (the turn did not complete).
 */
public record TurnEnd(String sessionId, String turnId, String reply, boolean interrupted) {

  public JsonObject toJson() {
    return new JsonObject().put("session_id", sessionId).put("turn_id", turnId).put("reply", reply)
        .put("interrupted", interrupted);
  }

  public static TurnEnd fromJson(JsonObject json) {
    return new TurnEnd(json.getString("session_id"), json.getString("turn_id"), json.getString("reply", ""),
        json.getBoolean("interrupted", false));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnEnd of(Object body) {
    return body instanceof TurnEnd record ? record : fromJson((JsonObject) body);
  }
}
