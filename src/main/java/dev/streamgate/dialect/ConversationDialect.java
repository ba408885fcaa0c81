package dev.streamgate.dialect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The conversation API of the seed chatbot ({@code POST /api/v1/chat/}): streaming, {@code data:} lines
 * of {@code {"type":"content","content":…}} per delta, then {@code {"type":"metadata","message_id",
 * "usage"}}, or {@code {"type":"error","error":…}}; not streaming, one JSON object with the whole
 * answer. The conversation id is the session id.
 */
public final class ConversationDialect implements TurnDialect {

  private final boolean stream;

  public ConversationDialect(boolean stream) {
    this.stream = stream;
  }

  @Override
  public String name() {
    return "conversation";
  }

  @Override
  public void open(HttpServerResponse response, HttpVersion version, TurnStart start) {
    if (stream) {
      SseWriter.open(response, version, null);
    }
  }

  @Override
  public Buffer deltas(List<String> deltas) {
    if (!stream) {
      return null; // the whole answer goes out at the end (TurnResult.reply)
    }
    Buffer events = Buffer.buffer(64 * deltas.size());
    deltas.forEach(text -> events.appendBuffer(SseWriter.data(new JsonObject().put("type", "content").put("content", text))));
    return events;
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  /**
   * A reply the session store could not keep is not passed off as complete: streaming, an error event
   * ({@code not_stored}) takes the place of the metadata; not streaming, the message says
   * {@code "stored": false} and why.
   */
  @Override
  public void complete(HttpServerResponse response, TurnResult result) {
    JsonObject usage = result.meta().getJsonObject("usage", new JsonObject());
    if (stream) {
      response.end(SseWriter.data(result.storeError() != null ? notStored(result)
          : new JsonObject().put("type", "metadata").put("message_id", result.turnId())
              .put("conversation_id", result.sessionId()).put("usage", usage)));
    } else {
      JsonObject message = new JsonObject().put("type", "message").put("conversation_id", result.sessionId())
          .put("message_id", result.turnId()).put("content", result.reply()).put("usage", usage);
      if (result.storeError() != null) {
        message.put("stored", false).put("store_error", result.storeError());
      }
      response.putHeader("Content-Type", "application/json").end(message.toBuffer());
    }
  }

  private static JsonObject notStored(TurnResult result) {
    return new JsonObject().put("type", "error").put("error", "The answer was sent but not stored: "
        + result.storeError()).put("code", "not_stored");
  }

  @Override
  public void fail(HttpServerResponse response, TurnFailure failure) {
    if (response.headWritten()) {
      response.end(SseWriter.data(new JsonObject().put("type", "error").put("error", failure.message())
          .put("code", failure.code())));
    } else {
      response.setStatusCode(failure.failure().status()).putHeader("Content-Type", "application/json")
          .end(ErrorShape.GATEWAY.body(failure.failure(), failure.message()).toBuffer());
    }
  }
}
