package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput: 500 concurrent streams of 256 tokens at 1 ms, per target. Reports chunks relayed per
 * second (tokens received / wall time) and CPU per chunk, from /proc: of the relay's processes (all of
 * it, and its JIT compiler threads' share apart), and for reference of the provider and of this driver
 * (the load generator) over the same rounds.
 */
final class ThroughputScenario {

  private ThroughputScenario() {
  }

  /** Two tokens: a stream that is almost all turn set-up and tear-down. */
  private static final StreamSpec SHORT_TURN = new StreamSpec(2, 0, 1);
  private static final int SHORT_TURNS_PER_ROUND = 250;

  /**
   * Rounds that are not counted, so the JIT of the JVMs involved is hot: throughput rounds for the
   * per-chunk path, then many short turns for the per-turn path (a JVM compiles a method fully only
   * after thousands of calls, and a turn's set-up runs once per stream), again and again until the
   * plan's minimum time has passed (a fixed amount of work would warm a relay with more code to
   * compile for less of its JIT's time). Returns their streams and failed streams, and how long it took.
   */
  static JsonObject warmUp(LoadGenerator generator, Endpoint endpoint, Plan plan) {
    List<StreamRecord> failed = new ArrayList<>();
    long streams = 0;
    int passes = 0;
    long startedAt = System.nanoTime();
    try (TargetClient client = generator.connect(endpoint.target())) {
      do {
        List<StreamRecord> records = new ArrayList<>();
        for (int round = 0; round < plan.warmupRounds(); round++) {
          records.addAll(client.start(plan.throughputSpec(), plan.throughputStreams(), 0).await());
        }
        for (int round = 0; round < plan.warmupTurnRounds(); round++) {
          records.addAll(client.start(SHORT_TURN, SHORT_TURNS_PER_ROUND, 0).await());
        }
        streams += records.size();
        records.stream().filter(r -> !r.ok()).forEach(failed::add);
        passes++;
      } while (System.nanoTime() - startedAt < plan.warmupMinMs() * 1_000_000L);
    }
    return new JsonObject().put("streams", streams).put("passes", passes)
        .put("seconds", Stats.round3((System.nanoTime() - startedAt) / 1e9))
        .put("failed", failed.size()).put("failures", Stats.failures(failed));
  }

  static JsonObject run(BenchEnvironment env, LoadGenerator generator, Endpoint endpoint, Endpoint provider, Plan plan) {
    List<StreamRecord> records = new ArrayList<>();
    List<Long> driver = List.of(ProcessHandle.current().pid());
    long relayCpu = 0;
    long relayJit = 0;
    long providerCpu = 0;
    long driverCpu = 0;
    long wallNanos = 0;
    LoadProfile profile = LoadProfile.start(env, endpoint, "throughput");
    try (TargetClient client = generator.connect(endpoint.target())) {
      for (int round = 0; round < plan.throughputRounds(); round++) {
        List<Long> relay = endpoint.pids();
        long[] before = {ProcessMetrics.cpuMicros(relay), ProcessMetrics.cpuMicros(provider.pids()),
            ProcessMetrics.cpuMicros(driver), ProcessMetrics.compilerCpuMicros(relay)};
        List<StreamRecord> batch = client.start(plan.throughputSpec(), plan.throughputStreams(), 0).await();
        relayCpu += ProcessMetrics.cpuMicros(relay) - before[0];
        relayJit += ProcessMetrics.compilerCpuMicros(relay) - before[3];
        providerCpu += ProcessMetrics.cpuMicros(provider.pids()) - before[1];
        driverCpu += ProcessMetrics.cpuMicros(driver) - before[2];
        wallNanos += Stats.wallNanos(batch);
        records.addAll(batch);
      }
    }
    long chunks = Stats.tokens(records);
    JsonObject out = new JsonObject()
        .put("streams", records.size())
        .put("failed", Stats.failed(records))
        .put("chunks", chunks)
        .put("wall_s", Stats.round3(wallNanos / 1e9))
        .put("chunks_per_s", Math.round(chunks / (wallNanos / 1e9)))
        .put("provider_cpu_us_per_chunk", perChunk(providerCpu, chunks))
        .put("loadgen_cpu_us_per_chunk", perChunk(driverCpu, chunks));
    if (endpoint.relay()) {
      // The JIT apart too: on two cores a relay still compiling pays for it here, as its clients would.
      out.put("cpu_us_per_chunk", perChunk(relayCpu, chunks))
          .put("jit_cpu_us_per_chunk", perChunk(relayJit, chunks))
          .put("cpu_us_per_chunk_without_jit", perChunk(relayCpu - relayJit, chunks));
    }
    if (profile != null) {
      out.put("profile", profile.stop(perChunk(relayCpu, chunks)));
    }
    return out.put("failures", Stats.failures(records));
  }

  private static double perChunk(long micros, long chunks) {
    return chunks == 0 ? 0 : Stats.round3((double) micros / chunks);
  }
}
