package dev.streamgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Streamgate's turn meters, one set per node, shared by its HTTP verticles. Labels are bounded: the
 * dialect (a handful), the provider (the configured ones, or "none" for a turn no provider took) and
 * the error code (Streamgate's own short list). The one meter touched per chunk, tokens relayed, is
 * resolved once here; the per-turn ones once per set of labels (a meter's builder, registering it
 * again, cost several microseconds per turn).
 */
public final class TurnMetrics {

  private static final Duration[] TTFT_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
  private static final Duration[] TURN_BUCKETS = seconds(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600);

  /** Between label values in a cache key: no dialect, provider or code contains it. */
  private static final char LABEL_SEPARATOR = '\n';

  private final MeterRegistry registry;
  // Each as small as its labels are bounded.
  private final Map<String, Counter> started = new ConcurrentHashMap<>();
  private final Map<String, Ended> ended = new ConcurrentHashMap<>();
  private final Map<String, Counter> failed = new ConcurrentHashMap<>();
  private final Counter tokens;
  private final Counter heartbeats;

  public TurnMetrics(MeterRegistry registry, GatewayStats stats) {
    this.registry = registry;
    this.tokens = Counter.builder("streamgate.tokens.relayed").description("Text deltas relayed to clients")
        .register(registry);
    this.heartbeats = Counter.builder("streamgate.heartbeats").description("Keep-alive comments sent on quiet streams")
        .register(registry);
    Gauge.builder("streamgate.streams.active", stats, GatewayStats::activeStreams)
        .description("Turns being streamed now").register(registry);
  }

  public void started(String dialect) {
    started.computeIfAbsent(dialect, d -> Counter.builder("streamgate.turns.started").tag("dialect", d)
        .register(registry)).increment();
  }

  public void tokens(int count) {
    tokens.increment(count);
  }

  public void heartbeat() {
    heartbeats.increment();
  }

  /**
   * A turn ended: {@code code} is null for a completed turn, else why it did not complete;
   * {@code firstTokenNanos} is -1 when no text came.
   */
  public void ended(String dialect, String provider, String code, long firstTokenNanos, long nanos) {
    Ended meters = ended.computeIfAbsent(dialect + LABEL_SEPARATOR + provider, key -> new Ended(dialect, provider));
    if (firstTokenNanos >= 0) {
      meters.timeToFirstToken.record(firstTokenNanos, TimeUnit.NANOSECONDS);
    }
    if (code == null) {
      meters.completed.increment();
      meters.completedDuration.record(nanos, TimeUnit.NANOSECONDS);
    } else {
      failed.computeIfAbsent(dialect + LABEL_SEPARATOR + provider + LABEL_SEPARATOR + code,
          key -> Counter.builder("streamgate.turns.failed").tag("dialect", dialect).tag("provider", provider)
              .tag("code", code).register(registry)).increment();
      meters.failedDuration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The meters of the turns of one dialect and provider, looked up once rather than built on every turn. */
  private final class Ended {
    final Timer timeToFirstToken;
    final Counter completed;
    final Timer completedDuration;
    final Timer failedDuration;

    Ended(String dialect, String provider) {
      timeToFirstToken = Timer.builder("streamgate.time.to.first.token")
          .description("From the turn's start to its first token").tag("dialect", dialect).tag("provider", provider)
          .serviceLevelObjectives(TTFT_BUCKETS).register(registry);
      completed = Counter.builder("streamgate.turns.completed").tag("dialect", dialect).tag("provider", provider)
          .register(registry);
      completedDuration = duration(dialect, provider, "completed");
      failedDuration = duration(dialect, provider, "failed");
    }

    private Timer duration(String dialect, String provider, String outcome) {
      return Timer.builder("streamgate.turn.duration").description("From the turn's start to its end, however it ended")
          .tag("dialect", dialect).tag("provider", provider).tag("outcome", outcome)
          .serviceLevelObjectives(TURN_BUCKETS).register(registry);
    }
  }

  public void clientGone(String dialect) {
    Counter.builder("streamgate.client.disconnects").description("Turns whose client left before the end")
        .tag("dialect", dialect).register(registry).increment();
  }

  private static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return durations;
  }
}
