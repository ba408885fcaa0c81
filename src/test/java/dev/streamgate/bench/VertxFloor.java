package dev.streamgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The "vertx floor" target: {@link VertxFloorRelay} in a JVM started with Streamgate's own
 * {@code conf/jvm.options}, so the two differ only in what Streamgate does per turn and per chunk.
 */
final class VertxFloor implements Endpoint {

  private final ChildProcess process;
  private final Target target;

  private VertxFloor(ChildProcess process, Target target) {
    this.process = process;
    this.target = target;
  }

  static VertxFloor start(BenchEnvironment env, String host, ProviderProcess provider) {
    int port = BenchProvider.freePort(host);
    List<String> command = List.of(env.java(), "@" + env.projectDir().resolve("conf/jvm.options"),
        "-cp", env.classpath(), VertxFloorRelay.class.getName(), host, Integer.toString(port), provider.baseUrl());
    ChildProcess process = ChildProcess.start("vertx-floor", command, Map.of(), env.projectDir(),
        env.benchDir().resolve("vertx-floor.log"));
    VertxFloor floor = new VertxFloor(process, new Target("vertx", host, port, Dialect.NATIVE));
    try {
      process.awaitHttpOk("http://" + floor.target.authority() + "/health", Duration.ofSeconds(60));
      return floor;
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
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
    return true;
  }

  @Override
  public void close() {
    process.close();
  }
}
