package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Reply to {@link Addresses#SESSION_TURN_BEGIN}: {@code session_id}, {@code model},
 * {@code created} (the session was made by this turn), {@code context} (the messages to send to the
 * model, oldest first, ending with this turn's user message) and {@code message_count} (messages
 * stored in the session, this user message included).
 */
public record TurnContext(String sessionId, String model, boolean created, List<ChatMessage> context,
                          int messageCount) {

  public JsonObject toJson() {
    JsonArray messages = new JsonArray();
    context.forEach(m -> messages.add(m.toJson()));
    return new JsonObject().put("session_id", sessionId).put("model", model).put("created", created)
        .put("context", messages).put("message_count", messageCount);
  }

  public static TurnContext fromJson(JsonObject json) {
    List<ChatMessage> context = json.getJsonArray("context").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new TurnContext(json.getString("session_id"), json.getString("model"), json.getBoolean("created"),
        context, json.getInteger("message_count"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnContext of(Object body) {
    return body instanceof TurnContext record ? record : fromJson((JsonObject) body);
  }
}
