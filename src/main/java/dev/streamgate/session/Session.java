package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One conversation: immutable; every change returns a new value, so a store can swap it atomically.
 * {@code owner} is the fingerprint of the API key that created it (null when keys are off): only that
 * key sees it. {@code meta} is a free-form JSON object its creator keeps with it, or null: the
 * Responses API keeps its response object there, with {@code "kind": "response"} (see {@link #isResponse}).
 * Nothing changes {@code meta} in place: a change replaces it whole.
 */
public record Session(String id, String owner, String model, Instant createdAt, Instant updatedAt,
                      List<ChatMessage> messages, JsonObject meta) {

  /** The {@code kind} in the meta of a stored response of the Responses API. */
  public static final String RESPONSE_KIND = "response";

  public static Session create(String id, String owner, String model, Instant now) {
    return new Session(id, owner, model, now, now, List.of(), null);
  }

  /** Whether a caller with {@code key} (a key fingerprint, or null when keys are off) may see this session. */
  public boolean visibleTo(String key) {
    return key == null || key.equals(owner);
  }

  /**
   * Whether this session is a stored response of the Responses API rather than a chat session: the
   * session list of the native API leaves it out.
   */
  public boolean isResponse() {
    return meta != null && RESPONSE_KIND.equals(meta.getValue("kind"));
  }

  public Session append(ChatMessage message, Instant now) {
    return append(List.of(message), null, now);
  }

  /** This session with {@code added} after its messages and, when not null, {@code nextMeta} as its meta. */
  public Session append(List<ChatMessage> added, JsonObject nextMeta, Instant now) {
    List<ChatMessage> next = new ArrayList<>(messages.size() + added.size());
    next.addAll(messages);
    next.addAll(added);
    return new Session(id, owner, model, createdAt, now, List.copyOf(next), nextMeta == null ? meta : nextMeta);
  }

  /** This session with only its last {@code max} messages. */
  public Session keepLast(int max) {
    return messages.size() <= max ? this
        : new Session(id, owner, model, createdAt, updatedAt,
            List.copyOf(messages.subList(messages.size() - max, messages.size())), meta);
  }

  public Session cleared(Instant now) {
    return new Session(id, owner, model, createdAt, now, List.of(), meta);
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

  /** Of {@code sessions}, the chat sessions {@code owner} may see, most recently updated first: what a list shows. */
  public static List<SessionSummary> chatsOf(Stream<Session> sessions, String owner) {
    return chats(sessions, owner).sorted(SessionCursor.ORDER).toList();
  }

  /** The summaries of the chat sessions of {@code sessions} that {@code owner} may see, in no order. */
  public static Stream<SessionSummary> chats(Stream<Session> sessions, String owner) {
    return sessions.filter(s -> s != null && s.visibleTo(owner) && !s.isResponse()).map(Session::summary);
  }

  public SessionSummary summary() {
    return new SessionSummary(id, model, createdAt, updatedAt, messages.size());
  }

  public JsonObject toSummaryJson() {
    return summary().toJson();
  }

  /** The summary, counts, messages and, when the session has one, {@code meta} (a copy: callers may change it). */
  public JsonObject toDetailJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(m.toJson()));
    JsonObject detail = toSummaryJson()
        .put("user_messages", count(ChatMessage.USER))
        .put("assistant_messages", count(ChatMessage.ASSISTANT))
        .put("messages", list);
    return meta == null ? detail : detail.put("meta", meta.copy());
  }

  private long count(String role) {
    return messages.stream().filter(m -> role.equals(m.role())).count();
  }
}
