package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Body of {@link Addresses#SESSION_TURN_END}: {@code session_id}, {@code turn_id}, {@code reply} (the
 * assistant text relayed, possibly partial), {@code tool_calls} (the functions the assistant called, as
 * {@link ToolCall} writes them; none when it called none), {@code thinking} (the reasoning that came with
 * them, as {@link ChatMessage} writes it; left out when none), {@code interrupted} (the turn did not
 * complete) and {@code meta} (optional, left out of the JSON when null: a JSON object that replaces the
 * session's meta in the same atomic change as the reply, so no reader ever sees the reply without it; the
 * Responses API's finished response object). The sender must not change {@code meta} after sending.
 */
public record TurnEnd(String sessionId, String turnId, String reply, List<ToolCall> toolCalls,
                      List<ChatMessage.Thinking> thinking, boolean interrupted, JsonObject meta) {

  /** The end of a turn without reasoning. */
  public TurnEnd(String sessionId, String turnId, String reply, List<ToolCall> toolCalls, boolean interrupted,
                 JsonObject meta) {
    this(sessionId, turnId, reply, toolCalls, List.of(), interrupted, meta);
  }

  /** The end of a turn without reasoning that leaves the session's meta as it is. */
  public TurnEnd(String sessionId, String turnId, String reply, List<ToolCall> toolCalls, boolean interrupted) {
    this(sessionId, turnId, reply, toolCalls, interrupted, null);
  }

  public TurnEnd(String sessionId, String turnId, String reply, boolean interrupted) {
    this(sessionId, turnId, reply, List.of(), interrupted);
  }

  public JsonObject toJson() {
    JsonArray calls = new JsonArray();
    toolCalls.forEach(call -> calls.add(call.toJson()));
    JsonObject json = new JsonObject().put("session_id", sessionId).put("turn_id", turnId).put("reply", reply)
        .put("tool_calls", calls).put("interrupted", interrupted);
    if (!thinking.isEmpty()) {
      JsonArray blocks = new JsonArray();
      thinking.forEach(block -> blocks.add(block.toJson()));
      json.put("thinking", blocks);
    }
    return meta == null ? json : json.put("meta", meta);
  }

  public static TurnEnd fromJson(JsonObject json) {
    JsonArray calls = json.getJsonArray("tool_calls", new JsonArray());
    JsonArray thinking = json.getJsonArray("thinking", new JsonArray());
    return new TurnEnd(json.getString("session_id"), json.getString("turn_id"), json.getString("reply", ""),
        calls.stream().map(call -> ToolCall.fromJson((JsonObject) call)).toList(),
        thinking.stream().map(block -> ChatMessage.Thinking.fromJson((JsonObject) block)).toList(),
        json.getBoolean("interrupted", false), json.getJsonObject("meta"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnEnd of(Object body) {
    return body instanceof TurnEnd record ? record : fromJson((JsonObject) body);
  }
}
