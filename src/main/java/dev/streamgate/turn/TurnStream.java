package dev.streamgate.turn;

import dev.streamgate.Failure;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.StreamControl;
import dev.streamgate.bus.TurnAccepted;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One chat turn, whatever its dialect, on the bus side: receives the turn's chunks from the upstream
 * verticle and hands them at once to its {@link TurnAnswer} (the journal its readers write out, the
 * client that asked first), pauses the upstream while the asker cannot keep up, ends the turn (complete,
 * failed, stalled, stopped, or with nobody reading) exactly once, and tells the node's hooks. Everything
 * runs on the HTTP verticle's event loop.
 */
public final class TurnStream {

  private final TurnServices services;
  private final TurnContext context;
  private final TurnOptions options;
  private final Audience audience;
  private final StreamHooks hooks;
  private final String turnId;
  private final TurnAnswer answer;
  private final long startedAt = System.nanoTime();
  private Runnable closeInbox;
  private String control;
  private String provider = "none";
  private String endCode;
  private long firstTokenNanos = -1;
  private int expectedSeq = 1;
  private boolean finished;
  private boolean clientGone;
  private boolean paused;
  private long lastChunkAt = System.nanoTime();

  /** {@code turnId}: from the node's {@code TurnIds}. */
  TurnStream(TurnServices services, String turnId, TurnContext context, TurnOptions options, Audience audience,
             StreamHooks hooks) {
    this.services = services;
    this.turnId = turnId;
    this.context = context;
    this.options = options;
    this.audience = audience;
    this.hooks = hooks;
    this.answer = new TurnAnswer(services, turnId, context, audience);
  }

  /** Opens the journal and the asker's stream and starts the upstream call; the inbox routes the turn's chunks here first. */
  Future<TurnStream> start() {
    closeInbox = services.inbox().open(turnId, this::onChunk);
    hooks.opened(this);
    answer.open(() -> interrupt(Failure.STOPPED, "The turn was stopped on request"), this::onClientGone);
    if (!finished) {
      LlmRequest start = new LlmRequest(turnId, context.model(), options.prompt(context.context()), options,
          services.inbox().address());
      LoopAffinity.request(services.bus(), Addresses.LLM_CHAT_START, start)
          .onSuccess(this::accepted)
          .onFailure(this::refused);
    }
    return Future.succeededFuture(this);
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

  /** The deltas that arrived together, journaled (and so written to the asker) at once; a full asker pauses the provider. */
  private void relay(List<Delta> deltas) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = System.nanoTime() - startedAt;
    }
    answer.deltas(deltas);
    hooks.relayed(this, deltas);
    if (!paused && answer.full(this::drained)) {
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
    answer.complete(meta, this::seconds);
  }

  private void fail(Failure failure, String message) {
    if (!finished) {
      finish(failure.code());
      answer.fail(failure, message);
    }
  }

  /** The failure an upstream verticle's error chunk names (one of another version may name one unknown here). */
  private static Failure failure(String code) {
    Failure known = Failure.of(code);
    return known == null ? Failure.UPSTREAM_ERROR : known;
  }

  /**
   * Nobody reads the turn any more: stop paying for tokens nobody reads, keep what was said. The journal
   * still gets the turn's end, so a reader that comes back later reads how it ended.
   */
  private void onClientGone() {
    if (!finished) {
      clientGone = true;
      finish("client_gone");
      control(StreamControl.Action.CANCEL);
      answer.fail(Failure.ABANDONED,
          "Nobody was reading this turn, so it was cancelled; the answer so far is stored as interrupted");
    }
  }

  /** Ends the running turn now with {@code failure} (a stop, the node shutting down); the reply is kept as interrupted. */
  void interrupt(Failure failure, String message) {
    control(StreamControl.Action.CANCEL);
    fail(failure, message);
  }

  /**
   * Called by the HTTP verticle's sweep: end turns whose upstream went silent, and cancel turns nobody
   * has come back to read within the grace period.
   */
  void sweep(long now, long stallNanos) {
    if (finished) {
      return;
    }
    if (answer.abandoned(now)) {
      onClientGone();
    } else if (!paused && now - lastChunkAt > stallNanos) {
      control(StreamControl.Action.CANCEL);
      fail(Failure.TIMEOUT, "The model service stopped sending the answer");
    }
  }

  /** {@code code}: null for a completed turn, else why it ended early (a failure's code, or "client_gone"). */
  private void finish(String code) {
    finished = true;
    endCode = code;
    closeInbox.run();
    hooks.closed(this, System.nanoTime() - startedAt);
  }

  private void control(StreamControl.Action action) {
    if (control != null) {
      services.bus().send(control, new StreamControl(turnId, action).toJson());
    }
  }

  private double seconds() {
    return Math.round((System.nanoTime() - startedAt) / 1e6) / 1000.0;
  }

  String clientIp() {
    return audience.clientIp();
  }

  public String turnId() {
    return turnId;
  }

  public String sessionId() {
    return context.sessionId();
  }

  int chunks() {
    return answer.chunks();
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
    return audience.dialect();
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
