package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation: immutable; every change returns a new value, so a store can swap it atomically.
 * {@code owner} is the fingerprint of the API key that created it (null when keys are off): only that
 * key sees it.
 */
public record Session(String id, String owner, String model, Instant createdAt, Instant updatedAt,
                      List<ChatMessage> messages) {

  public static Session create(String id, String owner, String model, Instant now) {
    return new Session(id, owner, model, now, now, List.of());
  }

  /** Whether a caller with {@code key} (a key fingerprint, or null when keys are off) may see this session. */
  public boolean visibleTo(String key) {
    return key == null || key.equals(owner);
  }

  public Session append(ChatMessage message, Instant now) {
    List<ChatMessage> next = new ArrayList<>(messages.size() + 1);
    next.addAll(messages);
    next.add(message);
    return new Session(id, owner, model, createdAt, now, List.copyOf(next));
  }

  /** This session with only its last {@code max} messages. */
  public Session keepLast(int max) {
    return messages.size() <= max ? this
        : new Session(id, owner, model, createdAt, updatedAt,
            List.copyOf(messages.subList(messages.size() - max, messages.size())));
  }

  public Session cleared(Instant now) {
    return new Session(id, owner, model, createdAt, now, List.of());
  }

  /**
   * The last {@code max} messages, the ones a model sees as context; when they would start with tool
   * results, from the assistant message that made those calls instead (a few more than {@code max}):
   * providers refuse a tool result without its call, and the results may be this very turn's. Results
   * whose call the session no longer holds ({@code SESSION_MAX_MESSAGES} dropped it) are left out.
   */
  public List<ChatMessage> context(int max) {
    int from = Math.max(0, messages.size() - max);
    while (from > 0 && isToolResult(from)) {
      from--;
    }
    while (from < messages.size() - 1 && isToolResult(from)) {
      from++;
    }
    return messages.subList(from, messages.size());
  }

  private boolean isToolResult(int index) {
    return ChatMessage.TOOL.equals(messages.get(index).role());
  }

  public SessionSummary summary() {
    return new SessionSummary(id, model, createdAt, updatedAt, messages.size());
  }

  public JsonObject toSummaryJson() {
    return summary().toJson();
  }

  public JsonObject toDetailJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(m.toJson()));
    return toSummaryJson()
        .put("user_messages", count(ChatMessage.USER))
        .put("assistant_messages", count(ChatMessage.ASSISTANT))
        .put("messages", list);
  }

  private long count(String role) {
    return messages.stream().filter(m -> role.equals(m.role())).count();
  }
}
