package dev.streamgate.bench;

import java.time.Duration;
import java.util.List;

/**
 * An endpoint that is a process the benchmark started: its target, the CPU and memory of the process
 * and its descendants, and stopping it. The provider, nginx, the Vert.x floor and Streamgate are each one.
 */
abstract class ProcessEndpoint implements Endpoint {

  protected final ChildProcess process;
  protected final Target target;
  private final boolean relay;

  protected ProcessEndpoint(ChildProcess process, Target target, boolean relay) {
    this.process = process;
    this.target = target;
    this.relay = relay;
  }

  /** Returns {@code endpoint} once its {@code path} answers 200; stops it and rethrows if it never does. */
  static <E extends ProcessEndpoint> E awaitHttpOk(E endpoint, String path, Duration timeout) {
    try {
      endpoint.process.awaitHttpOk("http://" + endpoint.target.authority() + path, timeout);
      return endpoint;
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
  }

  @Override
  public Target target() {
    return target;
  }

  @Override
  public List<Long> pids() {
    return process.pids();
  }

  @Override
  public boolean relay() {
    return relay;
  }

  @Override
  public void close() {
    process.close();
  }
}
