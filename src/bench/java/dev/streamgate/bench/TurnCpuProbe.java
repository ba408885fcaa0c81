package dev.streamgate.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The per-turn probe: what a turn costs a relay in CPU, apart from its chunks. Run with
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.args=--turn-cpu} (about four minutes). Starts the
 * provider, the Vert.x floor and Streamgate as the benchmark does, warms each relay up as the benchmark
 * does, then runs blocks of two-token turns, 50 started at once per round (the latency scenario's
 * burst, so what a turn costs is what delays the turns started with it), and reads each relay's CPU from
 * /proc before and after each block. Prints µs of CPU per turn, all threads and event loops only, both
 * early (the first blocks after the warm-up, where the JIT still compiles, as in the benchmark's latency
 * scenario) and settled (the last blocks), and the time to first token of those turns; the JSON
 * (target/bench/turn-cpu.json) also splits each relay's CPU per turn by kind of thread (event loops,
 * JIT compilers, the VM thread where the serial collector runs, the log appender). Before the warm-up,
 * the first 10,000 turns the fresh process serves are measured too (CPU per turn over the first 1,000
 * and over all 10,000), and compared with the settled figure: how soon a new node costs what it will.
 */
final class TurnCpuProbe {

  /** Two tokens: a turn that is almost all set-up and tear-down, as in the benchmark's warm-up. */
  private static final StreamSpec TURN = new StreamSpec(2, 0, 1);
  private static final int BURST = 50;
  private static final int ROUNDS_PER_BLOCK = 60;
  /** Enough blocks to see the JIT settle: the first few right after the warm-up still pay for compilation. */
  private static final int BLOCKS = 12;
  /** Blocks right after the warm-up, as the benchmark's latency scenario runs: the JIT still compiles. */
  private static final int EARLY_BLOCKS = 4;
  /** The last blocks, once the JIT has settled. */
  private static final int SETTLED_BLOCKS = 4;
  private static final String EVENT_LOOPS = "vert.x-eventloo";
  /** The first turns after start, measured before the warm-up: 1,000, then 10,000 in all. */
  private static final int FIRST_TURNS = 1_000;
  private static final int COLD_TURNS = 10_000;

  private TurnCpuProbe() {
  }

  static JsonObject run(BenchEnvironment env, List<Endpoint> targets, LoadGenerator generator) {
    JsonObject results = new JsonObject();
    for (Endpoint endpoint : targets) {
      Benchmark.log("turn cpu: the first turns of " + endpoint.target().name());
      JsonObject cold = cold(generator, endpoint);
      Benchmark.log("turn cpu: warming up " + endpoint.target().name());
      ThroughputScenario.warmUp(generator, endpoint, Plan.FULL);
      LoadProfile profile = LoadProfile.start(env, endpoint, "turns");
      JsonObject figures = measure(generator, endpoint);
      if (profile != null) {
        figures.put("profile", profile.stop(figures.getDouble("cpu_us_per_turn_all")));
      }
      if (endpoint.relay()) {
        double settled = figures.getDouble("cpu_us_per_turn_settled");
        figures.mergeIn(cold).put("first_10000_vs_settled",
            Stats.round3(cold.getDouble("cpu_us_per_turn_first_10000") / settled));
      }
      results.put(endpoint.target().name(), figures);
      Benchmark.log("turn cpu: " + endpoint.target().name() + " " + results.getJsonObject(endpoint.target().name()));
    }
    return results;
  }

  /**
   * What the first turns after start cost, before any warm-up: µs of CPU per turn over the first 1,000
   * and over the first 10,000 turns the process serves (in bursts of 50, as below).
   */
  private static JsonObject cold(LoadGenerator generator, Endpoint endpoint) {
    List<Long> pids = endpoint.pids();
    long before = ProcessMetrics.cpuMicros(pids);
    long afterFirstThousand = before;
    int turns = 0;
    try (TargetClient client = generator.connect(endpoint.target())) {
      while (turns < COLD_TURNS) {
        turns += client.start(TURN, BURST, 0).await().size();
        if (turns == FIRST_TURNS) {
          afterFirstThousand = ProcessMetrics.cpuMicros(pids);
        }
      }
    }
    long used = ProcessMetrics.cpuMicros(pids) - before;
    return new JsonObject()
        .put("cpu_us_per_turn_first_1000", Stats.round3((double) (afterFirstThousand - before) / FIRST_TURNS))
        .put("cpu_us_per_turn_first_10000", Stats.round3((double) used / turns));
  }

  private static JsonObject measure(LoadGenerator generator, Endpoint endpoint) {
    double[] perTurn = new double[BLOCKS];
    double[] loopPerTurn = new double[BLOCKS];
    List<StreamRecord> records = new ArrayList<>();
    long pid = endpoint.pids().get(0);
    Map<String, Long> threadsBefore = ProcessMetrics.cpuMicrosByThreadKind(pid);
    try (TargetClient client = generator.connect(endpoint.target())) {
      for (int block = 0; block < BLOCKS; block++) {
        List<Long> pids = endpoint.pids();
        long before = ProcessMetrics.cpuMicros(pids);
        long loopBefore = ProcessMetrics.cpuMicrosByThreadKind(pid).getOrDefault(EVENT_LOOPS, 0L);
        int turns = 0;
        for (int round = 0; round < ROUNDS_PER_BLOCK; round++) {
          List<StreamRecord> batch = client.start(TURN, BURST, 0).await();
          records.addAll(batch);
          turns += batch.size();
        }
        perTurn[block] = (double) (ProcessMetrics.cpuMicros(pids) - before) / turns;
        loopPerTurn[block] = (double) (ProcessMetrics.cpuMicrosByThreadKind(pid).getOrDefault(EVENT_LOOPS, 0L)
            - loopBefore) / turns;
      }
    }
    JsonObject byThread = new JsonObject();
    ProcessMetrics.cpuMicrosByThreadKind(pid).forEach((kind, micros) -> {
      long used = micros - threadsBefore.getOrDefault(kind, 0L);
      if (used > 0) {
        byThread.put(kind, Stats.round3((double) used / records.size()));
      }
    });
    JsonObject out = new JsonObject().put("turns", records.size()).put("failed", Stats.failed(records))
        .put("ttft_p50_ms", Stats.percentileMs(Stats.ttfts(records), 50))
        .put("ttft_p99_ms", Stats.percentileMs(Stats.ttfts(records), 99));
    if (endpoint.relay()) {
      out.put("cpu_us_per_turn_early", mean(perTurn, 0, EARLY_BLOCKS))
          .put("cpu_us_per_turn_settled", mean(perTurn, BLOCKS - SETTLED_BLOCKS, BLOCKS))
          .put("loop_us_per_turn_early", mean(loopPerTurn, 0, EARLY_BLOCKS))
          .put("loop_us_per_turn_settled", mean(loopPerTurn, BLOCKS - SETTLED_BLOCKS, BLOCKS))
          .put("cpu_us_per_turn_all", mean(perTurn, 0, BLOCKS))
          .put("cpu_us_per_turn_blocks", rounded(perTurn))
          .put("loop_us_per_turn_blocks", rounded(loopPerTurn))
          .put("cpu_us_per_turn_by_thread", byThread);
    }
    return out;
  }

  private static double mean(double[] values, int from, int to) {
    return Stats.round3(Arrays.stream(values, from, to).average().orElse(0));
  }

  private static JsonArray rounded(double[] values) {
    JsonArray out = new JsonArray();
    Arrays.stream(values).forEach(v -> out.add(Stats.round3(v)));
    return out;
  }

  /** One line per target: all CPU and event-loop CPU per turn, early (after the warm-up) and settled. */
  static String render(JsonObject results) {
    String format = "%-11s | %13s | %14s | %12s | %14s | %15s | %9s | %9s | %8s%n";
    StringBuilder out = new StringBuilder(String.format(format, "target", "µs/turn 1-1k", "µs/turn 1-10k",
        "µs/turn early", "µs/turn settled", "1-10k / settled", "loop early", "TTFT p50", "TTFT p99"));
    results.forEach(e -> {
      JsonObject r = (JsonObject) e.getValue();
      out.append(String.format(format, e.getKey(), r.getValue("cpu_us_per_turn_first_1000", "—"),
          r.getValue("cpu_us_per_turn_first_10000", "—"), r.getValue("cpu_us_per_turn_early", "—"),
          r.getValue("cpu_us_per_turn_settled", "—"), r.getValue("first_10000_vs_settled", "—"),
          r.getValue("loop_us_per_turn_early", "—"), r.getValue("ttft_p50_ms"), r.getValue("ttft_p99_ms")));
    });
    results.forEach(e -> {
      Object profile = ((JsonObject) e.getValue()).getValue("profile");
      if (profile instanceof JsonObject parts) {
        out.append(String.format("%n%s, µs of CPU per turn by part (all blocks, profiled):%n", e.getKey()));
        parts.forEach(part -> out.append(String.format("  %-48s %9s%n", part.getKey(), part.getValue())));
      }
    });
    return out.toString();
  }
}
