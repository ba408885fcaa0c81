package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One message of a turn's chunk stream, sent by the upstream verticle to the inbox of the HTTP verticle
 * that holds the turn ({@link Addresses#inbox}). Only that: what another node's journal sends a reader
 * travels as {@link JournalEntries}.
 *
 * <p>Contract: {@code seq} starts at 1 and grows by one per message; any number of {@code DELTA}
 * messages are followed by exactly one terminal message, {@code DONE} or {@code ERROR}. The receiver
 * treats a gap in {@code seq} as an error. A {@code DELTA} carries the provider's typed {@link Delta}s
 * (text, reasoning, tool calls and their arguments, a choice's end), in order, each non-empty: all those
 * that arrived in one network read, so the HTTP side can write their events with one socket write (each
 * delta stays its own event; nothing waits for more). On {@code DONE}, {@code meta} holds
 * {@code provider}, {@code model}, {@code finish_reason} (one of stop, length, tool_calls,
 * content_filter) and {@code usage} ({@code prompt_tokens}, {@code completion_tokens},
 * {@code total_tokens}, and the cached and reasoning tokens in OpenAI's details objects) when the
 * provider gave them; on {@code ERROR} it holds {@code code} and {@code message} (fit for the client).
 *
 * <p>Immutable, and sent with its codec ({@link BusCodecs}), whose local delivery passes the same instance:
 * no copy per token.
 */
public record ChatChunk(String turnId, int seq, Kind kind, List<Delta> deltas, JsonObject meta) {

  /** What a chunk carries. */
  public enum Kind { DELTA, DONE, ERROR }

  public static ChatChunk deltas(String turnId, int seq, List<Delta> deltas) {
    return new ChatChunk(turnId, seq, Kind.DELTA, List.copyOf(deltas), null);
  }

  public static ChatChunk done(String turnId, int seq, JsonObject meta) {
    return new ChatChunk(turnId, seq, Kind.DONE, List.of(), meta);
  }

  public static ChatChunk error(String turnId, int seq, String code, String message) {
    return new ChatChunk(turnId, seq, Kind.ERROR, List.of(), new JsonObject().put("code", code).put("message", message));
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    deltas.forEach(delta -> list.add(delta.toJson()));
    return new JsonObject().put("turn_id", turnId).put("seq", seq).put("kind", kind.name()).put("deltas", list)
        .put("meta", meta);
  }

  static ChatChunk fromJson(JsonObject json) {
    List<Delta> deltas = json.getJsonArray("deltas").stream().map(d -> Delta.fromJson((JsonObject) d)).toList();
    return new ChatChunk(json.getString("turn_id"), json.getInteger("seq"), Kind.valueOf(json.getString("kind")),
        deltas, json.getJsonObject("meta"));
  }
}
