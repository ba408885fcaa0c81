package dev.streamgate.metrics;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide stream figures for {@code /health} and {@code /stats}. One instance per node, shared by
 * every HTTP verticle instance (each on its own event loop), hence the atomic counters.
 */
public final class GatewayStats {

  private final long startedAt = System.nanoTime();
  private final AtomicInteger activeStreams = new AtomicInteger();
  private final LongAdder turns = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder finishedNanos = new LongAdder();

  /** A stream was opened; returns the number now active. */
  public int streamOpened() {
    turns.increment();
    return activeStreams.incrementAndGet();
  }

  /** A stream ended after {@code nanos}; returns the number still active. */
  public int streamClosed(boolean success, long nanos) {
    (success ? succeeded : failed).increment();
    finishedNanos.add(nanos);
    return activeStreams.decrementAndGet();
  }

  public int activeStreams() {
    return activeStreams.get();
  }

  public double uptimeSeconds() {
    return round((System.nanoTime() - startedAt) / 1e9);
  }

  /** The {@code /stats} figures this node knows; session figures are added by the caller. */
  public JsonObject toJson() {
    long done = succeeded.sum() + failed.sum();
    return new JsonObject()
        .put("uptime_seconds", uptimeSeconds())
        .put("total_requests", turns.sum())
        .put("successful_requests", succeeded.sum())
        .put("failed_requests", failed.sum())
        .put("active_streams", activeStreams.get())
        .put("average_response_time", done == 0 ? 0.0 : round(finishedNanos.sum() / 1e9 / done));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
