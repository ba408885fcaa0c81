package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One message of a turn's chunk stream, sent by the upstream verticle to {@link Addresses#stream}.
 *
 * <p>Contract: {@code seq} starts at 1 and grows by one per chunk; any number of {@code DELTA} chunks
 * (non-empty {@code text}) are followed by exactly one terminal chunk, {@code DONE} or {@code ERROR}.
 * The receiver treats a gap in {@code seq} as an error. {@code meta} is null on deltas; on
 * {@code DONE} it holds {@code provider}, {@code model}, {@code finish_reason} and {@code usage}
 * ({@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}) when the provider gave
 * them; on {@code ERROR} it holds {@code code} and {@code text} is a message fit for the client.
 *
 * <p>Immutable, and sent with {@link ChatChunkCodec}, whose local delivery passes the same instance:
 * no copy per token.
 */
public record ChatChunk(String turnId, int seq, Kind kind, String text, JsonObject meta) {

  /** What a chunk carries. */
  public enum Kind { DELTA, DONE, ERROR }

  public static ChatChunk delta(String turnId, int seq, String text) {
    return new ChatChunk(turnId, seq, Kind.DELTA, text, null);
  }

  public static ChatChunk done(String turnId, int seq, JsonObject meta) {
    return new ChatChunk(turnId, seq, Kind.DONE, null, meta);
  }

  public static ChatChunk error(String turnId, int seq, String code, String message) {
    return new ChatChunk(turnId, seq, Kind.ERROR, message, new JsonObject().put("code", code));
  }

  public boolean terminal() {
    return kind != Kind.DELTA;
  }

  JsonObject toJson() {
    return new JsonObject().put("turn_id", turnId).put("seq", seq).put("kind", kind.name()).put("text", text)
        .put("meta", meta);
  }

  static ChatChunk fromJson(JsonObject json) {
    return new ChatChunk(json.getString("turn_id"), json.getInteger("seq"), Kind.valueOf(json.getString("kind")),
        json.getString("text"), json.getJsonObject("meta"));
  }
}
