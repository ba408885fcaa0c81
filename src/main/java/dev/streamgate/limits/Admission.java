package dev.streamgate.limits;

import dev.streamgate.GatewayException;
import dev.streamgate.config.GatewayConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may start what on this node: requests per minute per API key, and turns running at once per
 * key and per node. One instance per node, shared by every HTTP verticle instance (each on its own
 * event loop), hence atomic counters rather than the event bus. Keys are known by their fingerprint
 * (null when keys are off: no per-key limit applies). Refusals are {@link GatewayException}s that
 * carry their status (429 for the key, 503 for the node) and a {@code Retry-After}.
 */
public final class Admission {

  /** Turns end all the time; a client refused for concurrency may try again soon. */
  private static final long STREAM_RETRY_SECONDS = 1;

  private final GatewayConfig.Limits limits;
  private final AtomicInteger nodeStreams = new AtomicInteger();
  private final Map<String, AtomicInteger> keyStreams = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> keyRequests = new ConcurrentHashMap<>();

  public Admission(GatewayConfig.Limits limits) {
    this.limits = limits;
  }

  /** Counts one API request of {@code owner}; throws 429 when the key has used up its requests per minute. */
  public void request(String owner) {
    if (owner == null || limits.keyRequestsPerMinute() == 0) {
      return;
    }
    long waitMillis = keyRequests.computeIfAbsent(owner, key -> new TokenBucket(limits.keyRequestsPerMinute()))
        .take(System.nanoTime());
    if (waitMillis > 0) {
      throw new GatewayException(429, "rate_limited", "This API key sent more than "
          + limits.keyRequestsPerMinute() + " requests in a minute; try again later", (waitMillis + 999) / 1000);
    }
  }

  /**
   * A slot for one turn of {@code owner}, held until the turn ends; throws 429 when the key runs as many
   * turns as it may, 503 when the node does. Ask before anything is stored or sent.
   */
  public Slot turn(String owner) {
    AtomicInteger key = owner == null || limits.keyStreams() == 0 ? null
        : keyStreams.computeIfAbsent(owner, k -> new AtomicInteger());
    if (key != null && key.incrementAndGet() > limits.keyStreams()) {
      key.decrementAndGet();
      throw new GatewayException(429, "rate_limited", "This API key already runs " + limits.keyStreams()
          + " streams, its limit; try again when one ends", STREAM_RETRY_SECONDS);
    }
    if (nodeStreams.incrementAndGet() > limits.nodeStreams() && limits.nodeStreams() > 0) {
      nodeStreams.decrementAndGet();
      if (key != null) {
        key.decrementAndGet();
      }
      throw new GatewayException(503, "overloaded", "The gateway runs as many streams as it may; try again shortly",
          STREAM_RETRY_SECONDS);
    }
    return new Slot(() -> release(key));
  }

  private void release(AtomicInteger key) {
    nodeStreams.decrementAndGet();
    if (key != null) {
      key.decrementAndGet();
    }
  }
}
