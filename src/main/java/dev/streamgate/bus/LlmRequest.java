package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Body of {@link Addresses#LLM_CHAT_START}: {@code turn_id} (chunks go to
 * {@link Addresses#stream(String)} of it), {@code model} (empty: the configured default) and
 * {@code messages} (role/content pairs, oldest first).
 */
public record LlmRequest(String turnId, String model, List<ChatMessage> messages) {

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    return new JsonObject().put("turn_id", turnId).put("model", model).put("messages", list);
  }

  public static LlmRequest fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new LlmRequest(json.getString("turn_id"), json.getString("model", ""), messages);
  }
}
