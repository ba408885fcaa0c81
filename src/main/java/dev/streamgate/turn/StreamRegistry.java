package dev.streamgate.turn;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import dev.streamgate.metrics.GatewayStats;
import dev.streamgate.metrics.TurnMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The open streams of one HTTP verticle instance. One periodic sweep per instance serves every
 * stream's keep-alive and stall check (no timer per stream), and stream lifecycle is counted and
 * logged here, once.
 */
public final class StreamRegistry implements StreamHooks {

  private final Set<TurnStream> open = new HashSet<>();
  private final Set<EventStream> listening = new HashSet<>();
  private final GatewayStats stats;
  private final TurnMetrics metrics;
  private final StreamLog log;
  private final long heartbeatNanos;
  private final long stallNanos;
  private final SlowReader.Bounds slowReader;

  public StreamRegistry(GatewayStats stats, TurnMetrics metrics, StreamLog log, long heartbeatSeconds, long stallMillis,
                 SlowReader.Bounds slowReader) {
    this.stats = stats;
    this.metrics = metrics;
    this.log = log;
    this.heartbeatNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    this.slowReader = slowReader;
  }

  /** How long an event-channel stream's client may stop reading, and how much may wait for it. */
  public SlowReader.Bounds slowReader() {
    return slowReader;
  }

  @Override
  public void opened(TurnStream stream) {
    open.add(stream);
    metrics.started(stream.dialect());
    log.started(stream, stats.streamOpened());
  }

  @Override
  public void relayed(TurnStream stream, List<Delta> deltas) {
    metrics.tokens(deltas.size());
    if (log.chunkLines()) {
      log.chunks(stream, deltas);
    }
  }

  @Override
  public void closed(TurnStream stream, long nanos) {
    if (open.remove(stream)) {
      boolean success = stream.endCode() == null;
      // Recorded at the end, when the provider that answered is known (a fallback may have).
      metrics.ended(stream.dialect(), stream.provider(), stream.endCode(), stream.firstTokenNanos(), nanos);
      if (stream.clientGone()) {
        metrics.clientGone(stream.dialect());
      }
      log.ended(stream, nanos, stats.streamClosed(success, nanos));
    }
  }

  /** An event stream opened on this verticle: kept alive by the sweep until it closes. */
  void listening(EventStream stream) {
    listening.add(stream);
  }

  void stopped(EventStream stream) {
    listening.remove(stream);
  }

  /** True when no turn of this verticle is running. */
  public boolean idle() {
    return open.isEmpty();
  }

  /** Ends every running turn now with an error {@code code}; their replies are kept as interrupted. */
  public void interruptAll(Failure failure, String message) {
    new ArrayList<>(open).forEach(stream -> stream.interrupt(failure, message));
  }

  /** Runs every second on the verticle's event loop. */
  public void sweep() {
    long now = System.nanoTime();
    new ArrayList<>(open).forEach(stream -> stream.sweep(now, stallNanos));
    new ArrayList<>(listening).forEach(stream -> {
      if (stream.sweep(now, heartbeatNanos)) {
        metrics.heartbeat();
      }
    });
  }
}
