package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Body of {@link Addresses#SESSION_TURN_BEGIN}: {@code session_id} (absent: create a session),
 * {@code messages} (what this turn adds to the session before the model answers: the user's message,
 * and the results of the tools the model called last turn, as {@link ChatMessage} writes them),
 * {@code model} (absent: the session's or the default model), {@code create_missing} (an unknown
 * {@code session_id} starts a session with that id instead of failing 404, as clients that name their
 * own conversation ids expect), {@code owner} (the caller's API key fingerprint, null when keys are off:
 * another key's session is not found).
 */
public record TurnBegin(String sessionId, List<ChatMessage> messages, String model, boolean createMissing,
                        String owner) {

  /** A turn that asks {@code message}, the user's text. */
  public TurnBegin(String sessionId, String message, String model, boolean createMissing, String owner) {
    this(sessionId, List.of(new ChatMessage(ChatMessage.USER, message, null, false)), model, createMissing, owner);
  }

  public JsonObject toJson() {
    JsonArray added = new JsonArray();
    messages.forEach(message -> added.add(message.toJson()));
    return new JsonObject().put("session_id", sessionId).put("messages", added).put("model", model)
        .put("create_missing", createMissing).put("owner", owner);
  }

  public static TurnBegin fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(message -> ChatMessage.fromJson((JsonObject) message)).toList();
    return new TurnBegin(json.getString("session_id"), messages, json.getString("model"),
        json.getBoolean("create_missing", false), json.getString("owner"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnBegin of(Object body) {
    return body instanceof TurnBegin record ? record : fromJson((JsonObject) body);
  }
}
