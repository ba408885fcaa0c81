package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Body of {@link Addresses#LLM_CHAT_START}: {@code turn_id}, {@code model} (empty: the configured
 * default), {@code messages} (role/content pairs, oldest first) and {@code inbox}: the caller's chunk
 * address ({@link Addresses#inbox(String)}), which the turn's chunks go to, wherever the upstream
 * verticle runs.
 */
public record LlmRequest(String turnId, String model, List<ChatMessage> messages, String inbox) {

  private static final String SYSTEM = "system";

  public JsonObject toJson() {
    return new JsonObject().put("turn_id", turnId).put("model", model).put("messages", roleContent())
        .put("inbox", inbox);
  }

  /** The messages as {@code [{role, content}]}, the shape OpenAI-style APIs take. */
  public JsonArray roleContent() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    return list;
  }

  /** The system messages joined, for APIs that take the system prompt apart; empty when there is none. */
  public String systemPrompt() {
    return messages.stream().filter(m -> SYSTEM.equals(m.role())).map(ChatMessage::content)
        .collect(Collectors.joining("\n\n"));
  }

  /** The other messages, without empty ones (an interrupted turn that produced nothing), which such APIs reject. */
  public List<ChatMessage> dialogue() {
    return messages.stream().filter(m -> !SYSTEM.equals(m.role()) && !m.content().isEmpty()).toList();
  }

  public static LlmRequest fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new LlmRequest(json.getString("turn_id"), json.getString("model", ""), messages,
        json.getString("inbox"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static LlmRequest of(Object body) {
    return body instanceof LlmRequest record ? record : fromJson((JsonObject) body);
  }
}
