package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;

/**
 * The sizes of one benchmark run: {@link #FULL} (the scenarios, a few minutes) or
 * {@link #SMOKE} (the same pipeline, tiny, for the test suite).
 */
public record Plan(String name, int warmupRounds, int warmupTurnRounds, long warmupMinMs,
    int latencyStreams, int latencyRounds, StreamSpec latencySpec,
    int throughputStreams, int throughputRounds, StreamSpec throughputSpec,
    int concurrencyStreams, long rampMs, long holdMs, StreamSpec concurrencySpec) {

  /**
   * A warm-up of at least 30 s (issue 18's harness warms its JVM targets that long); 50 streams × 5 rounds
   * of 64 tokens at 5 ms; 500 × 256 tokens at 1 ms; 9,900 opened over 15 s, held 30 s.
   */
  public static final Plan FULL = new Plan("full", 2, 40, 30_000,
      50, 5, new StreamSpec(64, 0, 5),
      500, 3, new StreamSpec(256, 0, 1),
      9_900, 15_000, 30_000, concurrencySpec(15_000, 30_000, 2_000));

  public static final Plan SMOKE = new Plan("smoke", 1, 1, 0,
      5, 1, new StreamSpec(64, 0, 5),
      20, 1, new StreamSpec(32, 0, 1),
      50, 1_000, 2_000, concurrencySpec(1_000, 2_000, 500));

  /**
   * One token every {@code everyMs}, enough of them that the first stream opened is still open when
   * memory is sampled at the end of ramp + hold; so every stream is open at that moment.
   */
  private static StreamSpec concurrencySpec(long rampMs, long holdMs, long everyMs) {
    return new StreamSpec((int) ((rampMs + holdMs) / everyMs) + 2, 0, everyMs);
  }

  JsonObject toJson() {
    return new JsonObject().put("name", name).put("warmup_rounds", warmupRounds)
        .put("warmup_turn_rounds", warmupTurnRounds)
        .put("warmup_min_ms", warmupMinMs)
        .put("latency", new JsonObject().put("streams", latencyStreams).put("rounds", latencyRounds)
            .put("spec", latencySpec.prompt()))
        .put("throughput", new JsonObject().put("streams", throughputStreams).put("rounds", throughputRounds)
            .put("spec", throughputSpec.prompt()))
        .put("concurrency", new JsonObject().put("streams", concurrencyStreams).put("ramp_ms", rampMs)
            .put("hold_ms", holdMs).put("spec", concurrencySpec.prompt()));
  }
}
