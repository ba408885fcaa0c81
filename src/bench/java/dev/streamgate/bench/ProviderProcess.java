package dev.streamgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@link BenchProvider} in a JVM of its own, and the "direct" target (no relay in between). */
final class ProviderProcess extends ProcessEndpoint {

  private ProviderProcess(ChildProcess process, Target target) {
    super(process, target, false);
  }

  static ProviderProcess start(BenchEnvironment env, String host) {
    List<String> command = List.of(env.java(), "-Xms1g", "-Xmx2g", "-cp", env.classpath(),
        BenchProvider.class.getName(), host);
    ChildProcess process = ChildProcess.start("provider", command, Map.of(), env.projectDir(),
        env.benchDir().resolve("provider.log"));
    int port;
    try {
      // "PORT <n> native=<bool> loops=<n>"
      port = Integer.parseInt(process.awaitLogLine("PORT ", Duration.ofSeconds(30)).split(" ")[1]);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return awaitHttpOk(new ProviderProcess(process, new Target("direct", host, port, Dialect.OPENAI)), "/health",
        Duration.ofSeconds(10));
  }

  /** The OpenAI base URL relays are pointed at. */
  String baseUrl() {
    return "http://" + target.authority() + "/v1";
  }
}
