package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Why {@code session.turn.begin} refused the tool results a turn brought, as facts rather than words: each
 * API that sends tool results names them its own way (the native API's {@code tool_results}, the Responses
 * API's {@code function_call_output} items), so each words the refusal itself. Crosses the bus inside
 * {@link ToolRefused}. JSON: {@code {kind, result?, call_id?, calls: [ToolCall]}}.
 *
 * @param kind   which refusal
 * @param result for {@link Kind#NOT_AWAITED}, the position of the result among the turn's results; else -1
 * @param callId for {@link Kind#NOT_AWAITED}, the call id that result names; else null
 * @param calls  for {@link Kind#NOT_AWAITED}, the calls awaiting a result then; else those left without one
 */
public record ToolRefusal(Kind kind, int result, String callId, List<ToolCall> calls) {

  /** Which rule the turn broke. */
  public enum Kind {
    /** A result names a call that awaits none (never made, or answered already). */
    NOT_AWAITED,
    /** The turn brings no result at all while calls await theirs. */
    UNANSWERED,
    /** The turn brings results, but not for every call awaiting one. */
    INCOMPLETE
  }

  /** Result number {@code result} names {@code callId}, which none of the {@code awaiting} calls is. */
  public static ToolRefusal notAwaited(int result, String callId, Collection<ToolCall> awaiting) {
    return new ToolRefusal(Kind.NOT_AWAITED, result, callId, List.copyOf(awaiting));
  }

  /** The {@code owed} calls still lack results; {@code none}: the turn brought no result at all. */
  public static ToolRefusal owed(Collection<ToolCall> owed, boolean none) {
    return new ToolRefusal(none ? Kind.UNANSWERED : Kind.INCOMPLETE, -1, null, List.copyOf(owed));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.name().toLowerCase(Locale.ROOT));
    if (kind == Kind.NOT_AWAITED) {
      json.put("result", result).put("call_id", callId);
    }
    return json.put("calls", new JsonArray(calls.stream().map(ToolCall::toJson).toList()));
  }

  public static ToolRefusal fromJson(JsonObject json) {
    List<ToolCall> calls = json.getJsonArray("calls").stream().map(call -> ToolCall.fromJson((JsonObject) call))
        .toList();
    return new ToolRefusal(Kind.valueOf(json.getString("kind").toUpperCase(Locale.ROOT)),
        json.getInteger("result", -1), json.getString("call_id"), calls);
  }
}
