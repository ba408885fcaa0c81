package dev.streamgate.dialect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The native protocol of {@code POST /chat/stream} (the seed's SSE chat server): events carrying JSON
 * objects {@code session_info}, {@code status}, {@code chunk} (one per delta, then an empty
 * {@code is_final} marker), {@code complete} or {@code error}; every event has an {@code id:} counting
 * up within the turn.
 */
public final class NativeDialect implements TurnDialect {

  private long eventId;
  private int chunks;

  /** Headers, session_info and status leave in one write: the client sees the stream start at once. */
  @Override
  public String name() {
    return "native";
  }

  @Override
  public void open(HttpServerResponse response, HttpVersion version, TurnStart start) {
    JsonObject opening = opening(start);
    Buffer first = frame(sessionInfo(opening)).appendBuffer(frame(status(opening)));
    SseWriter.open(response, version, first);
  }

  @Override
  public Buffer deltas(List<String> deltas) {
    Buffer frames = Buffer.buffer(128 * deltas.size());
    for (String text : deltas) {
      ChunkFrame.append(frames, ++eventId, text, ++chunks);
    }
    return frames;
  }

  @Override
  public Buffer ping() {
    return SseWriter.ping();
  }

  /** The final chunk marker and complete (or not_stored), with the end, in one write. */
  @Override
  public void complete(HttpServerResponse response, TurnResult result) {
    Buffer tail = frame(finalMarker(chunks));
    response.end(tail.appendBuffer(frame(result.storeError() != null
        ? notStored(result.turnId(), result.sessionId(), result.storeError())
        : completed(chunks, result.seconds(), result.messageCount(), result.sessionId(), result.turnId(), result.meta()))));
  }

  @Override
  public void fail(HttpServerResponse response, TurnFailure failure) {
    response.end(frame(error(failure.turnId(), failure.sessionId(), failure.code(), failure.message())));
  }

  /** What the first two events say, kept with a turn's journal so a resumed stream can say it too. */
  public static JsonObject opening(TurnStart start) {
    return new JsonObject().put("session_id", start.context().sessionId()).put("model", start.context().model())
        .put("turn_id", start.turnId()).put("created", start.context().created())
        .put("context_messages", start.context().context().size());
  }

  static JsonObject sessionInfo(JsonObject opening) {
    return new JsonObject().put("type", "session_info").put("session_id", opening.getString("session_id"))
        .put("model", opening.getString("model")).put("turn_id", opening.getString("turn_id"))
        .put("created", opening.getBoolean("created"));
  }

  static JsonObject status(JsonObject opening) {
    return new JsonObject().put("type", "status").put("message", "Generating response...")
        .put("context_messages", opening.getInteger("context_messages"));
  }

  static JsonObject finalMarker(int chunks) {
    return new JsonObject().put("type", "chunk").put("text", "").put("chunk_number", chunks + 1).put("is_final", true);
  }

  /** The complete event; {@code meta} holds the upstream's finish_reason, usage, provider and model. */
  static JsonObject completed(int chunks, double seconds, Integer messageCount, String sessionId, String turnId,
                              JsonObject meta) {
    return new JsonObject().put("type", "complete").put("total_chunks", chunks).put("processing_time", seconds)
        .put("message_count", messageCount).put("session_id", sessionId).put("turn_id", turnId)
        .put("finish_reason", meta.getString("finish_reason")).put("usage", meta.getJsonObject("usage"))
        .put("provider", meta.getString("provider")).put("model", meta.getString("model"));
  }

  static JsonObject notStored(String turnId, String sessionId, String storeError) {
    return error(turnId, sessionId, "not_stored", "The answer was sent but not stored: " + storeError);
  }

  static JsonObject error(String turnId, String sessionId, String code, String message) {
    return new JsonObject().put("type", "error").put("message", message).put("code", code)
        .put("session_id", sessionId).put("turn_id", turnId);
  }

  private Buffer frame(JsonObject event) {
    return SseWriter.event(++eventId, null, event.encode());
  }
}
