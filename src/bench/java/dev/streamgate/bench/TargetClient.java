package dev.streamgate.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams to one target through one keep-alive HTTP client, whose pool is large enough for every
 * stream of the concurrency scenario to have its own connection. Rounds of a scenario reuse its
 * connections, as an HTTP/1.1 client would; closing it closes them all.
 */
final class TargetClient implements AutoCloseable {

  /** Above the largest scenario; the open-files limit of this process is the real bound. */
  private static final int MAX_CONNECTIONS = 12_000;
  /**
   * Longest wait for the response head. In Vert.x 5.0.5 a request's idle timeout stops counting once
   * the head has arrived (checked: a stream silent after its first chunk never times out), so a stall
   * mid-stream is caught by each stream's deadline instead.
   */
  private static final long IDLE_TIMEOUT_MS = 30_000;
  /** Slack over a stream's own duration before it is failed as stuck. */
  private static final long DEADLINE_SLACK_MS = 30_000;

  private final Vertx vertx;
  private final List<Context> loops;
  private final Target target;
  private final HttpClient client;

  TargetClient(Vertx vertx, List<Context> loops, Target target) {
    this.vertx = vertx;
    this.loops = loops;
    this.target = target;
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
  }

  Target target() {
    return target;
  }

  /**
   * Starts {@code count} streams, evenly over {@code rampMs} (all at once for 0), and returns once the
   * last has been started; blocks the calling thread during the ramp, so never call it on an event loop.
   */
  LoadRun start(StreamSpec spec, int count, long rampMs) {
    LoadRun run = new LoadRun();
    List<StreamCheck> checks = new ArrayList<>(count);
    long deadlineMs = spec.durationMs() + DEADLINE_SLACK_MS;
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(rampMs) * i / count);
      StreamCheck check = new StreamCheck(vertx, target.dialect(), spec, run);
      checks.add(check);
      loops.get(i % loops.size()).runOnContext(v -> check.start(client, options(), deadlineMs));
    }
    run.started(checks);
    return run;
  }

  private RequestOptions options() {
    return new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(target.host()).setPort(target.port()).setURI(target.dialect().path())
        .setIdleTimeout(IDLE_TIMEOUT_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "text/event-stream");
  }

  private static void sleepUntil(long nanoTime) {
    for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  @Override
  public void close() {
    client.close().await();
  }
}
