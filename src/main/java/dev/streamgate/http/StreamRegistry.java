package dev.streamgate.http;

import dev.streamgate.metrics.GatewayStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The open streams of one HTTP verticle instance. One periodic sweep per instance serves every
 * stream's keep-alive and stall check (no timer per stream), and stream lifecycle is counted and
 * logged here, once.
 */
final class StreamRegistry implements StreamHooks {

  private final Set<TurnStream> open = new HashSet<>();
  private final Set<JournalStream> listening = new HashSet<>();
  private final GatewayStats stats;
  private final StreamLog log;
  private final long heartbeatNanos;
  private final long stallNanos;
  private final SlowReader.Bounds slowReader;

  StreamRegistry(GatewayStats stats, StreamLog log, long heartbeatSeconds, long stallMillis,
                 SlowReader.Bounds slowReader) {
    this.stats = stats;
    this.log = log;
    this.heartbeatNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
    this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    this.slowReader = slowReader;
  }

  /** How long an event-channel stream's client may stop reading, and how much may wait for it. */
  SlowReader.Bounds slowReader() {
    return slowReader;
  }

  @Override
  public void opened(TurnStream stream) {
    open.add(stream);
    log.started(stream, stats.streamOpened());
  }

  @Override
  public void closed(TurnStream stream, boolean success, long nanos) {
    if (open.remove(stream)) {
      log.ended(stream, success, nanos, stats.streamClosed(success, nanos));
    }
  }

  /** An event-channel stream opened on this verticle: kept alive by the sweep until it closes. */
  void listening(JournalStream stream) {
    listening.add(stream);
  }

  void stopped(JournalStream stream) {
    listening.remove(stream);
  }

  /** Runs every second on the verticle's event loop. */
  void sweep() {
    long now = System.nanoTime();
    new ArrayList<>(open).forEach(stream -> stream.sweep(now, heartbeatNanos, stallNanos));
    new ArrayList<>(listening).forEach(stream -> stream.sweep(now, heartbeatNanos));
  }
}
