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
 *
 * <p>Three optional fields serve the Responses API, whose stored responses are sessions, and are left
 * out of the JSON when unset (so the wire form of every other turn is unchanged):
 * <ul>
 *   <li>{@code fork_of}: a session id. The turn does not continue a session but starts a new one, named
 *   {@code session_id} (a random id when absent), as a copy of that session's messages followed by this
 *   turn's: a stored response never changes, and answers branch from it. The session forked must be
 *   visible to {@code owner}, else 404 {@code not_found} naming it; a {@code session_id} already taken
 *   fails as an id clash does (500), not continued; the limits apply as to any new session (429).
 *   Nothing is stored when it fails.</li>
 *   <li>{@code meta}: a JSON object stored with the session this turn creates (ignored when the turn
 *   continues a session), handed back by {@link Addresses#SESSION_GET}; {@code {"kind": "response"}}
 *   marks a stored response, which {@link Addresses#SESSION_LIST} leaves out. The sender must not change
 *   it after sending (within a node the receiver gets this very record).</li>
 *   <li>{@code whole_context}: the context handed back is every message the session keeps, not only the
 *   last {@code MAX_CONTEXT_MESSAGES}; it still never starts with a tool result cut off from its call.</li>
 * </ul>
 */
public record TurnBegin(String sessionId, List<ChatMessage> messages, String model, boolean createMissing,
                        String owner, String forkOf, JsonObject meta, boolean wholeContext) {

  /** A turn of a chat session: no fork, no meta, the context window of {@code MAX_CONTEXT_MESSAGES}. */
  public TurnBegin(String sessionId, List<ChatMessage> messages, String model, boolean createMissing, String owner) {
    this(sessionId, messages, model, createMissing, owner, null, null, false);
  }

  /** A turn that asks {@code message}, the user's text. */
  public TurnBegin(String sessionId, String message, String model, boolean createMissing, String owner) {
    this(sessionId, List.of(new ChatMessage(ChatMessage.USER, message, null, false)), model, createMissing, owner);
  }

  public JsonObject toJson() {
    JsonArray added = new JsonArray();
    messages.forEach(message -> added.add(message.toJson()));
    JsonObject json = new JsonObject().put("session_id", sessionId).put("messages", added).put("model", model)
        .put("create_missing", createMissing).put("owner", owner);
    if (forkOf != null) {
      json.put("fork_of", forkOf);
    }
    if (meta != null) {
      json.put("meta", meta);
    }
    return wholeContext ? json.put("whole_context", true) : json;
  }

  public static TurnBegin fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(message -> ChatMessage.fromJson((JsonObject) message)).toList();
    return new TurnBegin(json.getString("session_id"), messages, json.getString("model"),
        json.getBoolean("create_missing", false), json.getString("owner"), json.getString("fork_of"),
        json.getJsonObject("meta"), json.getBoolean("whole_context", false));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnBegin of(Object body) {
    return body instanceof TurnBegin record ? record : fromJson((JsonObject) body);
  }
}
