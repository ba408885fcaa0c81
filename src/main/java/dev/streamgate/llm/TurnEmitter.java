package dev.streamgate.llm;

import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.Delta;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link ChunkSink} of one turn, and the one owner of its upstream state: the chunks' sequence,
 * whether the client has paused the turn, whether it has ended (done, failed or cancelled). Sends the
 * chunks to the turn's inbox, exactly one terminal chunk last, and keeps the timestamps the upstream
 * verticle's sweep uses for the first-token and idle time-outs. Used only on the upstream verticle's
 * event loop.
 */
final class TurnEmitter implements ChunkSink {

  /** The defaults, made once: {@code send(address, body)} would make them for every chunk. */
  private static final DeliveryOptions CHUNK = new DeliveryOptions();

  private final EventBus bus;
  private final String turnId;
  private final String address;
  private String provider;
  private String model;
  private final Runnable onFinished;
  private final long startedAt = System.nanoTime();
  private long attemptStartedAt = startedAt;
  private long lastTokenAt;
  private int seq;
  private boolean finished;
  private boolean paused;
  /** Deltas of the network read being handled, sent as one chunk when it is done. */
  private final List<Delta> pending = new ArrayList<>(4);

  /** {@code inbox}: the chunk address of the HTTP verticle that holds the turn (one registration, unique to it). */
  TurnEmitter(EventBus bus, String turnId, String inbox, Runnable onFinished) {
    this.bus = bus;
    this.turnId = turnId;
    this.address = inbox;
    this.onFinished = onFinished;
  }

  @Override
  public void delta(Delta delta) {
    if (!finished && (delta.kind() == Delta.Kind.TOOL_CALL || delta.text() != null && !delta.text().isEmpty())) {
      pending.add(delta);
    }
  }

  /** The deltas of one network read go out as one chunk; the token clock is read once for them. */
  @Override
  public void flush() {
    if (!pending.isEmpty() && !finished) {
      lastTokenAt = System.nanoTime();
    }
    sendPending();
  }

  @Override
  public boolean paused() {
    return paused;
  }

  @Override
  public void done(String finishReason, Usage usage) {
    JsonObject meta = new JsonObject().put("provider", provider).put("model", model)
        .put("finish_reason", finishReason).put("usage", usage == null ? null : usage.toJson());
    finish(() -> ChatChunk.done(turnId, seq + 1, meta));
  }

  @Override
  public void fail(UpstreamFailure failure) {
    finish(() -> ChatChunk.error(turnId, seq + 1, failure.code(), failure.message()));
  }

  /** A new attempt starts (a retry or a fallback): it answers as {@code provider}/{@code model}, on a fresh first-token clock. */
  void attempt(String provider, String model) {
    this.provider = provider;
    this.model = model;
    this.attemptStartedAt = System.nanoTime();
  }

  /**
   * Whether any text came for the client (sent, or read and about to be): from then on a failure ends
   * the turn, no retry, no fallback.
   */
  boolean answering() {
    return lastTokenAt != 0 || !pending.isEmpty();
  }

  private void sendPending() {
    if (!pending.isEmpty() && !finished) {
      bus.send(address, ChatChunk.deltas(turnId, ++seq, pending), CHUNK);
    }
    pending.clear();
  }

  /** True once the turn has ended: done, failed, or cancelled by its receiver. */
  boolean ended() {
    return finished;
  }

  /** Ends the turn without sending anything: the receiver asked for the cancel and is gone. */
  void close() {
    if (!finished) {
      finished = true;
      onFinished.run();
    }
  }

  /** While the client is not reading, the provider is not to blame for silence; the idle clock restarts on resume. */
  void paused(boolean value) {
    paused = value;
    if (!value && lastTokenAt != 0) {
      lastTokenAt = System.nanoTime();
    }
  }

  /** Why the turn is stalled at {@code now} (nanoTime), or null while it is within its time-outs. */
  String stalled(long now, long firstTokenTimeoutMs, long idleTimeoutMs, long turnTimeoutMs) {
    if (now - startedAt > turnTimeoutMs * 1_000_000) {
      return "the answer took longer than " + turnTimeoutMs + " ms";
    }
    if (paused) {
      return null;
    }
    if (lastTokenAt == 0) {
      return now - attemptStartedAt > firstTokenTimeoutMs * 1_000_000
          ? provider + " sent no token within " + firstTokenTimeoutMs + " ms" : null;
    }
    return now - lastTokenAt > idleTimeoutMs * 1_000_000
        ? provider + " sent nothing for " + idleTimeoutMs + " ms in the middle of the answer" : null;
  }

  /** Nanoseconds since the turn started, at {@code now}. */
  long age(long now) {
    return now - startedAt;
  }

  /** Sends what is pending, then the terminal chunk (built after, so its seq follows). */
  private void finish(Supplier<ChatChunk> terminal) {
    if (!finished) {
      sendPending();
      bus.send(address, terminal.get(), CHUNK);
      close();
    }
  }
}
