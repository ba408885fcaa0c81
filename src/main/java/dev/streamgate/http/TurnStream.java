package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.StreamControl;
import dev.streamgate.bus.TurnAccepted;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import dev.streamgate.dialect.TurnFailure;
import dev.streamgate.dialect.TurnResult;
import dev.streamgate.dialect.TurnStart;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One chat turn, whatever its dialect: receives the turn's chunks from the upstream verticle and hands
 * them at once to its {@link TurnOutput} (a client's response, or a channel's journal), pauses the
 * upstream while the output is full, stores the reply in the session when the turn ends (complete or
 * interrupted, also when the client has gone; turns without session store nothing) and has the output
 * end. Everything runs on the HTTP verticle's event loop.
 */
final class TurnStream {

  private final EventBus bus;
  private final ChunkInbox inbox;
  private final TurnContext context;
  private final TurnOutput output;
  private final StreamHooks hooks;
  private final String turnId;
  private final long startedAt = System.nanoTime();
  private final StringBuilder reply = new StringBuilder();
  private Runnable closeInbox;
  private String control;
  private String provider = "none";
  private String endCode;
  private long firstTokenNanos = -1;
  private int chunks;
  private int expectedSeq = 1;
  private boolean finished;
  private boolean clientGone;
  private boolean paused;
  private long lastWriteAt = System.nanoTime();
  private long lastChunkAt = System.nanoTime();

  /** {@code turnId}: from the HTTP verticle's {@link TurnIds}. */
  TurnStream(EventBus bus, ChunkInbox inbox, String turnId, TurnContext context, TurnOutput output, StreamHooks hooks) {
    this.bus = bus;
    this.turnId = turnId;
    this.inbox = inbox;
    this.context = context;
    this.output = output;
    this.hooks = hooks;
  }

  /** Opens the output and starts the upstream call; the inbox routes the turn's chunks here before any can arrive. */
  Future<TurnStream> start() {
    closeInbox = inbox.open(turnId, this::onChunk);
    begin();
    return Future.succeededFuture(this);
  }

  private void begin() {
    hooks.opened(this);
    output.open(new TurnStart(turnId, context), this::onClientGone, this::onStop);
    if (finished) {
      return;
    }
    lastWriteAt = System.nanoTime();
    LlmRequest start = new LlmRequest(turnId, context.model(), context.context(), inbox.address());
    LoopAffinity.request(bus, Addresses.LLM_CHAT_START, start)
        .onSuccess(this::accepted)
        .onFailure(this::refused);
  }

  /** The upstream verticle did not take the turn: an unroutable model (400) or no upstream service. */
  private void refused(Throwable err) {
    if (err instanceof ReplyException reply && reply.failureCode() == 400) {
      fail(Failure.INVALID_MODEL, reply.getMessage());
    } else {
      fail(Failure.UPSTREAM_UNAVAILABLE, "The model service is not available");
    }
  }

  /** The upstream verticle took the turn; cancel at once if the client left while it was being asked. */
  private void accepted(Message<Object> reply) {
    TurnAccepted accepted = TurnAccepted.of(reply.body());
    control = accepted.control();
    provider = accepted.provider() == null ? provider : accepted.provider();
    if (finished) {
      control(StreamControl.Action.CANCEL);
    }
  }

  private void onChunk(ChatChunk chunk) {
    if (finished) {
      return;
    }
    lastChunkAt = System.nanoTime();
    if (chunk.seq() != expectedSeq++) {
      control(StreamControl.Action.CANCEL);
      fail(Failure.INTERNAL_ERROR, "Chunks of the answer were lost inside the gateway");
      return;
    }
    switch (chunk.kind()) {
      case DELTA -> relay(chunk.deltas());
      case DONE -> complete(chunk.meta());
      case ERROR -> fail(failure(chunk.meta().getString("code")), chunk.meta().getString("message"));
    }
  }

  /** The deltas that arrived together, written at once; a full write queue pauses the provider. */
  private void relay(List<String> deltas) {
    if (chunks == 0) {
      firstTokenNanos = System.nanoTime() - startedAt;
    }
    deltas.forEach(reply::append);
    chunks += deltas.size();
    hooks.relayed(this, deltas);
    lastWriteAt = System.nanoTime();
    output.deltas(deltas);
    if (!paused && output.full(this::drained)) {
      paused = true;
      control(StreamControl.Action.PAUSE);
    }
  }

  private void drained() {
    paused = false;
    control(StreamControl.Action.RESUME);
  }

  private void complete(JsonObject meta) {
    provider = meta.getString("provider", provider); // a fallback may have answered
    finish(null);
    store(false).onComplete(stored -> output.complete(new TurnResult(turnId, context.sessionId(), reply.toString(),
        chunks, seconds(), stored.result(), stored.failed() ? stored.cause().getMessage() : null, meta)));
  }

  private void fail(Failure failure, String message) {
    if (finished) {
      return;
    }
    finish(failure.code());
    store(true).onComplete(stored -> output.fail(new TurnFailure(turnId, context.sessionId(), failure, message)));
  }

  /** The failure an upstream verticle's error chunk names (one of another version may name one unknown here). */
  private static Failure failure(String code) {
    Failure known = Failure.of(code);
    return known == null ? Failure.UPSTREAM_ERROR : known;
  }

  /**
   * The client went away: stop paying for tokens nobody reads, keep what was said. The output still
   * gets the turn's end, so a journal a reader may come back to ends too instead of staying open forever.
   */
  private void onClientGone() {
    if (!finished) {
      clientGone = true;
      finish("client_gone");
      control(StreamControl.Action.CANCEL);
      store(true).onComplete(stored -> output.fail(new TurnFailure(turnId, context.sessionId(), Failure.ABANDONED,
          "Nobody was reading this turn, so it was cancelled; the answer so far is stored as interrupted")));
    }
  }

  /** Stopped on request ({@code DELETE /streams/{turn_id}}): no more tokens, the reply kept as interrupted. */
  private void onStop() {
    interrupt(Failure.STOPPED, "The turn was stopped on request");
  }

  /** Ends the running turn now with {@code failure} (also: the node is shutting down); the reply is kept as interrupted. */
  void interrupt(Failure failure, String message) {
    control(StreamControl.Action.CANCEL);
    fail(failure, message);
  }

  /**
   * Called by the HTTP verticle's sweep: keep quiet streams alive, end streams whose upstream went
   * silent, and cancel turns nobody has come back to read.
   */
  void sweep(long now, long heartbeatNanos, long stallNanos) {
    if (finished) {
      return;
    }
    if (output.abandoned(now)) {
      onClientGone();
    } else if (paused) {
      return;
    } else if (now - lastChunkAt > stallNanos) {
      control(StreamControl.Action.CANCEL);
      fail(Failure.TIMEOUT, "The model service stopped sending the answer");
    } else if (now - lastWriteAt >= heartbeatNanos) {
      lastWriteAt = now;
      output.idle();
      hooks.heartbeat();
    }
  }

  /** {@code code}: null for a completed turn, else why it ended early (an error code, or "client_gone"). */
  private void finish(String code) {
    finished = true;
    endCode = code;
    closeInbox.run();
    hooks.closed(this, System.nanoTime() - startedAt);
  }

  /** Stores the reply; the session's message count after it, or null for a turn without session. */
  private Future<Integer> store(boolean interrupted) {
    if (context.sessionId() == null) {
      return Future.succeededFuture();
    }
    TurnEnd end = new TurnEnd(context.sessionId(), turnId, reply.toString(), interrupted);
    return LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_TURN_END, end)
        .map(stored -> stored.body().getInteger("message_count"));
  }

  private void control(StreamControl.Action action) {
    if (control != null) {
      bus.send(control, new StreamControl(turnId, action).toJson());
    }
  }

  private double seconds() {
    return Math.round((System.nanoTime() - startedAt) / 1e6) / 1000.0;
  }

  String clientIp() {
    return output.clientIp();
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

  /** Null while running or when completed; else why the turn ended early. */
  String endCode() {
    return endCode;
  }

  /** Time from the turn's start to its first text; -1 when none came. */
  long firstTokenNanos() {
    return firstTokenNanos;
  }

  /** The provider that took the turn; "none" until one did (or when none would). */
  String provider() {
    return provider;
  }

  String dialect() {
    return output.dialect();
  }

  String model() {
    return context.model();
  }

  /** True when the turn ended because its reader left. */
  boolean clientGone() {
    return clientGone;
  }

  /** The user's message this turn answers (the last of its context). */
  String question() {
    List<ChatMessage> messages = context.context();
    return messages.isEmpty() ? null : messages.get(messages.size() - 1).content();
  }
}
