package dev.streamgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The "vertx floor" target: {@link VertxFloorRelay} in a JVM started with Streamgate's own
 * {@code conf/jvm.options}, so the two differ only in what Streamgate does per turn and per chunk.
 */
final class VertxFloor extends ProcessEndpoint {

  private VertxFloor(ChildProcess process, Target target) {
    super(process, target, true);
  }

  static VertxFloor start(BenchEnvironment env, String host, ProviderProcess provider) {
    int port = BenchProvider.freePort(host);
    List<String> command = List.of(env.java(), "@" + env.projectDir().resolve("conf/jvm.options"),
        "-cp", env.classpath(), VertxFloorRelay.class.getName(), host, Integer.toString(port), provider.baseUrl());
    ChildProcess process = ChildProcess.start("vertx-floor", command, Map.of(), env.projectDir(),
        env.benchDir().resolve("vertx-floor.log"));
    return awaitHttpOk(new VertxFloor(process, new Target("vertx", host, port, Dialect.NATIVE)), "/health",
        Duration.ofSeconds(60));
  }
}
