package dev.streamgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@link BenchProvider} in a JVM of its own, and the "direct" target (no relay in between). */
final class ProviderProcess implements Endpoint {

  private final ChildProcess process;
  private final Target target;

  private ProviderProcess(ChildProcess process, Target target) {
    this.process = process;
    this.target = target;
  }

  static ProviderProcess start(BenchEnvironment env, String host) {
    List<String> command = List.of(env.java(), "-Xms1g", "-Xmx2g", "-cp", env.classpath(),
        BenchProvider.class.getName(), host);
    ChildProcess process = ChildProcess.start("provider", command, Map.of(), env.projectDir(),
        env.benchDir().resolve("provider.log"));
    try {
      // "PORT <n> native=<bool> loops=<n>"
      String line = process.awaitLogLine("PORT ", Duration.ofSeconds(30));
      int port = Integer.parseInt(line.split(" ")[1]);
      ProviderProcess provider = new ProviderProcess(process, new Target("direct", host, port, Dialect.OPENAI));
      process.awaitHttpOk("http://" + provider.target.authority() + "/health", Duration.ofSeconds(10));
      return provider;
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  /** The OpenAI base URL relays are pointed at. */
  String baseUrl() {
    return "http://" + target.authority() + "/v1";
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public List<Long> pids() {
    return List.of(process.pid());
  }

  @Override
  public boolean relay() {
    return false;
  }

  @Override
  public void close() {
    process.close();
  }
}
