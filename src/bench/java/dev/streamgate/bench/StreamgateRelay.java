package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streamgate started the way a user starts it, with the project's JVM settings:
 * {@code java @conf/jvm.options -cp … dev.streamgate.Main}, configured through the environment to
 * relay to the fake provider. Time-outs are raised so only real stalls, not the benchmark's slow
 * streams, could end a turn; the heartbeat stays out of the 2 s token gaps of the concurrency scenario.
 */
final class StreamgateRelay extends ProcessEndpoint {

  /** Every variable of the README's configuration table: none may leak in from the caller's environment. */
  private static final List<String> CONFIG_VARIABLES = List.of("PORT", "BACKEND_PORT", "HOST", "HTTP_INSTANCES",
      "MAX_BODY_BYTES", "MAX_MESSAGE_CHARS", "HEARTBEAT_SECONDS", "MAX_CONTEXT_MESSAGES", "LLM_PROVIDER", "LLM_MODEL",
      "CONNECT_TIMEOUT_MS", "FIRST_TOKEN_TIMEOUT_MS", "IDLE_TIMEOUT_MS", "MOCK_DELAY_MS", "OPENAI_BASE_URL",
      "OPENAI_API_KEY", "CONFIG", "VERTX_METRICS", "VERTX_EVENTBUS_METRICS");

  static final String EXTRA_JVM_ARGS = "BENCH_STREAMGATE_JVM_ARGS";
  static final String EXTRA_ENV = "BENCH_STREAMGATE_ENV";
  private StreamgateRelay(ChildProcess process, Target target) {
    super(process, target, true);
  }

  static StreamgateRelay start(BenchEnvironment env, String host, ProviderProcess provider) {
    int port = BenchProvider.freePort(host);
    List<String> command = new ArrayList<>(List.of(env.java(), "@" + env.projectDir().resolve("conf/jvm.options"),
        // GC log only, settings unchanged: the evidence when a heap runs short under load.
        "-Xlog:gc:file=" + env.benchDir().resolve("streamgate-gc.log")));
    command.addAll(extraJvmArgs());
    command.addAll(List.of("-cp", env.streamgateClasspath(), "dev.streamgate.Main"));
    ChildProcess process = ChildProcess.start("streamgate", command, environment(host, port, provider),
        env.projectDir(), env.benchDir().resolve("streamgate.log"));
    return awaitHttpOk(new StreamgateRelay(process, new Target("streamgate", host, port, Dialect.NATIVE)), "/health",
        Duration.ofSeconds(60));
  }

  /**
   * JVM options added after conf/jvm.options (so they win), from {@code BENCH_STREAMGATE_JVM_ARGS}: for
   * trying settings (say {@code -Xmx1g}) without editing the file. Empty in a normal run.
   */
  static List<String> extraJvmArgs() {
    String extra = System.getenv().getOrDefault(EXTRA_JVM_ARGS, "").trim();
    return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
  }

  /**
   * Settings added to Streamgate's environment, from {@code BENCH_STREAMGATE_ENV} ({@code NAME=value}
   * pairs apart by spaces, say {@code VERTX_EVENTBUS_METRICS=true}): for trying settings. Empty in a normal run.
   */
  static Map<String, String> extraEnvironment() {
    Map<String, String> extra = new HashMap<>();
    for (String pair : System.getenv().getOrDefault(EXTRA_ENV, "").trim().split("\\s+")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        extra.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
    }
    return extra;
  }

  private static Map<String, String> environment(String host, int port, ProviderProcess provider) {
    Map<String, String> env = new HashMap<>();
    CONFIG_VARIABLES.forEach(name -> env.put(name, null));
    env.put("HOST", host);
    env.put("PORT", Integer.toString(port));
    env.put("LLM_PROVIDER", "openai");
    env.put("OPENAI_BASE_URL", provider.baseUrl());
    env.put("FIRST_TOKEN_TIMEOUT_MS", "120000");
    env.put("IDLE_TIMEOUT_MS", "120000");
    env.put("HEARTBEAT_SECONDS", "60");
    env.putAll(extraEnvironment());
    return env;
  }

  /**
   * A few of Streamgate's own meters from its {@code GET /metrics}, summed over their labels: the proof
   * that the figures an operator scrapes move with the load.
   */
  JsonObject scrapeMetrics() {
    try {
      HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
          HttpRequest.newBuilder(URI.create("http://" + target.authority() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonObject sums = new JsonObject();
      for (String meter : List.of("streamgate_turns_started_total", "streamgate_turns_completed_total",
          "streamgate_tokens_relayed_total", "streamgate_time_to_first_token_seconds_count")) {
        sums.put(meter, response.body().lines().filter(line -> line.startsWith(meter + " ") || line.startsWith(meter + "{"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
      }
      return sums;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape streamgate's /metrics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
