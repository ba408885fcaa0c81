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
  public void open(HttpServerResponse response, HttpVersion version, TurnStart start) {
    Buffer first = frame(new JsonObject().put("type", "session_info").put("session_id", start.context().sessionId())
        .put("model", start.context().model()).put("turn_id", start.turnId()).put("created", start.context().created()))
        .appendBuffer(frame(new JsonObject().put("type", "status").put("message", "Generating response...")
            .put("context_messages", start.context().context().size())));
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
    Buffer tail = frame(new JsonObject().put("type", "chunk").put("text", "").put("chunk_number", chunks + 1)
        .put("is_final", true));
    JsonObject meta = result.meta();
    response.end(tail.appendBuffer(result.storeError() != null
        ? error(result.turnId(), result.sessionId(), "not_stored", "The answer was sent but not stored: " + result.storeError())
        : frame(new JsonObject().put("type", "complete").put("total_chunks", chunks)
            .put("processing_time", result.seconds()).put("message_count", result.messageCount())
            .put("session_id", result.sessionId()).put("turn_id", result.turnId())
            .put("finish_reason", meta.getString("finish_reason")).put("usage", meta.getJsonObject("usage"))
            .put("provider", meta.getString("provider")).put("model", meta.getString("model")))));
  }

  @Override
  public void fail(HttpServerResponse response, TurnFailure failure) {
    response.end(error(failure.turnId(), failure.sessionId(), failure.code(), failure.message()));
  }

  private Buffer error(String turnId, String sessionId, String code, String message) {
    return frame(new JsonObject().put("type", "error").put("message", message).put("code", code)
        .put("session_id", sessionId).put("turn_id", turnId));
  }

  private Buffer frame(JsonObject event) {
    return SseWriter.event(++eventId, null, event.encode());
  }
}
