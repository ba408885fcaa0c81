package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The benchmark of issue 3: {@code mvn -B -q -Pbench test-compile exec:exec} (add
 * {@code -Dbench.args=--smoke} for the tiny run). Starts the fake provider, nginx and Streamgate as
 * processes of their own, each on its own loopback address (so no pair of hops shares a pool of
 * ephemeral ports), runs the latency, throughput and concurrency scenarios against direct / nginx /
 * streamgate, prints one table on stdout (progress goes to stderr) and writes every raw figure to
 * target/bench/results[-smoke].json. Exits non-zero if any stream failed verification. Every process
 * it started is stopped at the end, on failure too, and by a shutdown hook if the driver is stopped.
 */
public final class Benchmark {

  static final String PROVIDER_HOST = "127.0.0.2";
  static final String NGINX_HOST = "127.0.0.3";
  static final String STREAMGATE_HOST = "127.0.0.4";
  static final String FLOOR_HOST = "127.0.0.5";
  /** Event loops of the load generator: one per core of the benchmark machine. */
  private static final int LOAD_EVENT_LOOPS = 2;

  private final Plan plan;
  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());

  private Benchmark(Plan plan) {
    this.plan = plan;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--profile")) {
      LoadProfile.enable();
    }
    if (List.of(args).contains("--turn-cpu")) {
      probeTurnCpu();
      return;
    }
    Plan plan = List.of(args).contains("--smoke") ? Plan.SMOKE : Plan.FULL;
    JsonObject results = run(plan);
    System.out.println(ResultTable.render(results));
    System.exit(results.getLong("failed_streams") == 0 ? 0 : 1);
  }

  /** Runs the whole benchmark and returns its results, also written to {@link #resultsFile}. */
  public static JsonObject run(Plan plan) {
    Benchmark benchmark = new Benchmark(plan);
    Thread hook = new Thread(benchmark::stopAll, "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return benchmark.measure(BenchEnvironment.current());
    } finally {
      benchmark.stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: nothing left to remove
      }
    }
  }

  /** The per-turn CPU probe ({@link TurnCpuProbe}): direct, the Vert.x floor and Streamgate only. */
  private static void probeTurnCpu() {
    Benchmark benchmark = new Benchmark(Plan.FULL);
    Thread hook = new Thread(benchmark::stopAll, "bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      BenchEnvironment env = BenchEnvironment.current();
      ProviderProcess provider = benchmark.track(ProviderProcess.start(env, PROVIDER_HOST));
      VertxFloor floor = benchmark.track(VertxFloor.start(env, FLOOR_HOST, provider));
      StreamgateRelay streamgate = benchmark.track(StreamgateRelay.start(env, STREAMGATE_HOST, provider));
      LoadGenerator generator = benchmark.track(new LoadGenerator(LOAD_EVENT_LOOPS));
      JsonObject results = TurnCpuProbe.run(env, List.of(provider, floor, streamgate), generator);
      write(env.benchDir().resolve("turn-cpu.json"), results);
      System.out.print(TurnCpuProbe.render(results));
    } finally {
      benchmark.stopAll();
    }
    System.exit(0);
  }

  /** target/bench/results.json, or results-smoke.json for the smoke plan. */
  public static Path resultsFile(Path projectDir, Plan plan) {
    String name = plan == Plan.SMOKE ? "results-smoke.json" : "results.json";
    return projectDir.resolve("target/bench").resolve(name);
  }

  private JsonObject measure(BenchEnvironment env) {
    long startedAt = System.nanoTime();
    log("starting the provider, nginx and streamgate");
    ProviderProcess provider = track(ProviderProcess.start(env, PROVIDER_HOST));
    NginxRelay nginx = track(NginxRelay.start(env, NGINX_HOST, provider));
    VertxFloor floor = track(VertxFloor.start(env, FLOOR_HOST, provider));
    StreamgateRelay streamgate = track(StreamgateRelay.start(env, STREAMGATE_HOST, provider));
    LoadGenerator generator = track(new LoadGenerator(LOAD_EVENT_LOOPS));
    List<Endpoint> targets = List.of(provider, nginx, floor, streamgate);
    JsonObject results = new JsonObject().put("mode", plan.name()).put("plan", plan.toJson())
        .put("environment", environment(generator, targets));
    results.put("warmup", each(targets, "warm-up", e -> ThroughputScenario.warmUp(generator, e, plan)));
    JsonObject latency = each(targets, "latency", e -> LatencyScenario.run(generator, e, plan));
    LatencyScenario.addOverDirect(latency);
    results.put("latency", latency);
    results.put("throughput", each(targets, "throughput",
        e -> ThroughputScenario.run(env, generator, e, provider, plan)));
    // The floor's streams last: whichever Vert.x relay holds its 9,900 streams second gets a much higher
    // time to first token p99 (Streamgate 2.3-2.6 s in three runs after the floor, against 0.3-0.6 s;
    // the floor 1.5 s after Streamgate), so Streamgate's stays comparable with the runs before the floor.
    JsonObject concurrency = each(List.of(provider, nginx, streamgate, floor), "concurrency",
        e -> ConcurrencyScenario.run(generator, e, plan));
    LatencyScenario.addOverDirect(concurrency, List.of("ttft_p50_ms", "ttft_p99_ms"));
    results.put("concurrency", concurrency);
    results.put("streamgate_metrics", streamgate.scrapeMetrics());
    results.put("failed_streams", failedStreams(results));
    results.put("duration_s", Stats.round3((System.nanoTime() - startedAt) / 1e9));
    write(resultsFile(env.projectDir(), plan), results);
    return results;
  }

  /** Runs one scenario against each target in turn (direct, nginx, streamgate), keyed by target name. */
  private static JsonObject each(List<Endpoint> targets, String scenario, Function<Endpoint, JsonObject> run) {
    JsonObject byTarget = new JsonObject();
    for (Endpoint endpoint : targets) {
      log(scenario + ": " + endpoint.target().name());
      JsonObject figures = run.apply(endpoint);
      log(scenario + ": " + endpoint.target().name() + " " + figures.encode());
      byTarget.put(endpoint.target().name(), figures);
    }
    return byTarget;
  }

  private static JsonObject environment(LoadGenerator generator, List<Endpoint> targets) {
    JsonObject env = new JsonObject()
        .put("ulimit_n", Shell.output("sh", "-c", "ulimit -n"))
        .put("clk_tck", ProcessMetrics.clockTicksPerSecond())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"))
        .put("nginx", NginxRelay.version())
        .put("loadgen_native_transport", generator.nativeTransport())
        .put("streamgate_extra_jvm_args", String.join(" ", StreamgateRelay.extraJvmArgs()))
        .put("streamgate_extra_env", new JsonObject(Map.copyOf(StreamgateRelay.extraEnvironment())));
    JsonObject addresses = new JsonObject();
    targets.forEach(t -> addresses.put(t.target().name(), t.target().authority()));
    return env.put("addresses", addresses);
  }

  /** Failed streams over every scenario and target, warm-up included: any of them fails the run. */
  private static long failedStreams(JsonObject results) {
    return List.of("warmup", "latency", "throughput", "concurrency").stream()
        .map(results::getJsonObject)
        .flatMap(byTarget -> byTarget.stream().map(e -> (JsonObject) e.getValue()))
        .mapToLong(figures -> figures.getLong("failed"))
        .sum();
  }

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }

  /** Stops what was started, newest first; safe to call twice (the hook and the normal end). */
  private void stopAll() {
    List<AutoCloseable> toStop;
    synchronized (started) {
      toStop = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(toStop);
    for (AutoCloseable process : toStop) {
      try {
        process.close();
      } catch (Exception e) {
        log("could not stop " + process + ": " + e);
      }
    }
  }

  private static void write(Path file, JsonObject results) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, results.encodePrettily());
      log("results written to " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void log(String message) {
    System.err.println("[bench] " + message);
  }
}
