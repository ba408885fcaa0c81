package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.StreamControl;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * One chat turn relayed as an event stream: receives the turn's chunks from the upstream verticle,
 * writes each as one SSE event at once, stores the reply in the session when the turn ends (complete
 * or interrupted, also when the client has gone) and ends the response. Everything runs on the HTTP
 * verticle's event loop. The native event shapes are those of the seed protocol: {@code session_info},
 * {@code status}, {@code chunk}, {@code complete}, {@code error}.
 */
final class TurnStream {

  private final EventBus bus;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final TurnContext context;
  private final StreamHooks hooks;
  private final String turnId = UUID.randomUUID().toString();
  private final long startedAt = System.nanoTime();
  private final StringBuilder reply = new StringBuilder();
  private MessageConsumer<ChatChunk> consumer;
  private String control;
  private long eventId;
  private int chunks;
  private int expectedSeq = 1;
  private boolean finished;
  private boolean paused;
  private long lastWriteAt = System.nanoTime();
  private long lastChunkAt = System.nanoTime();

  TurnStream(EventBus bus, HttpServerRequest request, TurnContext context, StreamHooks hooks) {
    this.bus = bus;
    this.request = request;
    this.response = request.response();
    this.context = context;
    this.hooks = hooks;
  }

  /** Opens the event stream and starts the upstream call; the consumer is registered before anything can arrive. */
  Future<Void> start() {
    consumer = bus.localConsumer(Addresses.stream(turnId), this::onChunk);
    return consumer.completion().onSuccess(v -> begin());
  }

  private void begin() {
    hooks.opened(this);
    if (response.closed()) {
      onClientGone();
      return;
    }
    open();
    JsonObject request = new LlmRequest(turnId, context.model(), context.context()).toJson();
    LoopAffinity.<JsonObject>request(bus, Addresses.LLM_CHAT_START, request)
        .onSuccess(this::accepted)
        .onFailure(this::refused);
  }

  /** Headers, session_info and status leave in one write: the client sees the stream start at once. */
  private void open() {
    Buffer first = frame(new JsonObject().put("type", "session_info").put("session_id", context.sessionId())
        .put("model", context.model()).put("turn_id", turnId).put("created", context.created()))
        .appendBuffer(frame(new JsonObject().put("type", "status").put("message", "Generating response...")
            .put("context_messages", context.context().size())));
    SseWriter.open(response, request.version(), first);
    lastWriteAt = System.nanoTime();
    response.closeHandler(v -> onClientGone());
  }

  /** The upstream verticle did not take the turn: an unroutable model (400) or no upstream service. */
  private void refused(Throwable err) {
    if (err instanceof ReplyException reply && reply.failureCode() == 400) {
      fail("invalid_model", reply.getMessage());
    } else {
      fail("upstream_unavailable", "The model service is not available");
    }
  }

  /** The upstream verticle took the turn; cancel at once if the client left while it was being asked. */
  private void accepted(Message<JsonObject> accepted) {
    control = accepted.body().getString("control");
    if (finished) {
      control(StreamControl.Action.CANCEL);
    }
  }

  private void onChunk(Message<ChatChunk> message) {
    ChatChunk chunk = message.body();
    if (finished) {
      return;
    }
    lastChunkAt = System.nanoTime();
    if (chunk.seq() != expectedSeq++) {
      control(StreamControl.Action.CANCEL);
      fail("internal_error", "Chunks of the answer were lost inside the gateway");
      return;
    }
    switch (chunk.kind()) {
      case DELTA -> relay(chunk.deltas());
      case DONE -> complete(chunk.meta());
      case ERROR -> fail(chunk.meta().getString("code"), chunk.meta().getString("message"));
    }
  }

  /** One SSE event per delta, all written at once: they arrived together. */
  private void relay(List<String> deltas) {
    Buffer frames = Buffer.buffer(128 * deltas.size());
    for (String text : deltas) {
      reply.append(text);
      ChunkFrame.append(frames, ++eventId, text, ++chunks);
    }
    write(frames);
    if (!paused && response.writeQueueFull()) {
      paused = true;
      control(StreamControl.Action.PAUSE);
      response.drainHandler(v -> {
        paused = false;
        control(StreamControl.Action.RESUME);
      });
    }
  }

  /** Stores the reply, then ends the stream with the final chunk marker and complete, in one write. */
  private void complete(JsonObject meta) {
    finish(true);
    Buffer tail = frame(new JsonObject().put("type", "chunk").put("text", "").put("chunk_number", chunks + 1)
        .put("is_final", true));
    store(false).onComplete(stored -> endWith(tail.appendBuffer(stored.failed()
        ? errorFrame("not_stored", "The answer was sent but not stored: " + stored.cause().getMessage())
        : frame(new JsonObject().put("type", "complete").put("total_chunks", chunks)
            .put("processing_time", seconds()).put("message_count", stored.result())
            .put("session_id", context.sessionId()).put("turn_id", turnId)
            .put("finish_reason", meta.getString("finish_reason")).put("usage", meta.getJsonObject("usage"))
            .put("provider", meta.getString("provider")).put("model", meta.getString("model"))))));
  }

  private void fail(String code, String message) {
    if (finished) {
      return;
    }
    finish(false);
    store(true).onComplete(stored -> endWith(errorFrame(code, message)));
  }

  /** The client went away: stop paying for tokens nobody reads, keep what was said. */
  private void onClientGone() {
    if (!finished) {
      finish(false);
      control(StreamControl.Action.CANCEL);
      store(true);
      hooks.disconnected(this);
    }
  }

  /** Called by the HTTP verticle's sweep: keep quiet streams alive, and end streams whose upstream went silent. */
  void sweep(long now, long heartbeatNanos, long stallNanos) {
    if (finished || paused) {
      return;
    }
    if (now - lastChunkAt > stallNanos) {
      control(StreamControl.Action.CANCEL);
      fail("timeout", "The model service stopped sending the answer");
    } else if (now - lastWriteAt >= heartbeatNanos) {
      write(SseWriter.ping());
    }
  }

  private void finish(boolean success) {
    finished = true;
    consumer.unregister();
    hooks.closed(this, success, System.nanoTime() - startedAt);
  }

  private Future<Integer> store(boolean interrupted) {
    TurnEnd end = new TurnEnd(context.sessionId(), turnId, reply.toString(), interrupted);
    return LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_TURN_END, end.toJson())
        .map(stored -> stored.body().getInteger("message_count"));
  }

  private void control(StreamControl.Action action) {
    if (control != null) {
      bus.send(control, new StreamControl(turnId, action).toJson());
    }
  }

  private Buffer errorFrame(String code, String message) {
    return frame(new JsonObject().put("type", "error").put("message", message).put("code", code)
        .put("session_id", context.sessionId()).put("turn_id", turnId));
  }

  private Buffer frame(JsonObject event) {
    return SseWriter.event(++eventId, null, event.encode());
  }

  private void write(Buffer frames) {
    if (!response.closed() && !response.ended()) {
      lastWriteAt = System.nanoTime();
      response.write(frames);
    }
  }

  private void endWith(Buffer frames) {
    if (!response.closed() && !response.ended()) {
      response.end(frames);
    }
  }

  private double seconds() {
    return Math.round((System.nanoTime() - startedAt) / 1e6) / 1000.0;
  }

  String clientIp() {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
  }

  String turnId() {
    return turnId;
  }

  String sessionId() {
    return context.sessionId();
  }

  int chunks() {
    return chunks;
  }
}
