package dev.streamgate.limits;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.config.GatewayConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may start what on this node: requests per minute per API key; turns running at once, and
 * streams that only read open at once, each per key and per node. One instance per node, shared by
 * every HTTP verticle instance (each on its own event loop), hence atomic counters rather than the
 * event bus. Keys are known by their fingerprint (null when keys are off: no per-key limit applies).
 * Refusals are {@link GatewayException}s that carry their status (429 for the key, 503 for the node)
 * and a {@code Retry-After}.
 */
public final class Admission {

  /** Streams end all the time; a client refused for concurrency may try again soon. */
  private static final long STREAM_RETRY_SECONDS = 1;

  private final GatewayConfig.Limits limits;
  private final AtOnce turns;
  private final AtOnce readStreams;
  private final Map<String, TokenBucket> keyRequests = new ConcurrentHashMap<>();

  public Admission(GatewayConfig.Limits limits) {
    this.limits = limits;
    this.turns = new AtOnce(limits.keyStreams(), limits.nodeStreams(), "runs", "streams");
    this.readStreams = new AtOnce(limits.keyReadStreams(), limits.nodeReadStreams(), "holds", "read-only streams");
  }

  /** Counts one API request of {@code owner}; throws 429 when the key has used up its requests per minute. */
  public void request(String owner) {
    if (owner == null || limits.keyRequestsPerMinute() == 0) {
      return;
    }
    long waitMillis = keyRequests.computeIfAbsent(owner, key -> new TokenBucket(limits.keyRequestsPerMinute()))
        .take(System.nanoTime());
    if (waitMillis > 0) {
      throw new GatewayException(Failure.RATE_LIMITED, "This API key sent more than "
          + limits.keyRequestsPerMinute() + " requests in a minute; try again later", (waitMillis + 999) / 1000);
    }
  }

  /**
   * A slot for one turn of {@code owner}, held until the turn ends; throws 429 when the key runs as many
   * turns as it may, 503 when the node does. Ask before anything is stored or sent.
   */
  public Slot turn(String owner) {
    return turns.take(owner);
  }

  /**
   * A slot for one stream of {@code owner} that only reads (an event channel, a resumed turn), held
   * until it ends; throws 429 or 503 as {@link #turn} does. Ask before the stream starts.
   */
  public Slot readStream(String owner) {
    return readStreams.take(owner);
  }

  /** Things of one kind held at once, per key and per node (0: no limit). */
  private static final class AtOnce {
    private final int keyLimit;
    private final int nodeLimit;
    private final String verb;
    private final String what;
    private final AtomicInteger node = new AtomicInteger();
    private final Map<String, AtomicInteger> keys = new ConcurrentHashMap<>();

    AtOnce(int keyLimit, int nodeLimit, String verb, String what) {
      this.keyLimit = keyLimit;
      this.nodeLimit = nodeLimit;
      this.verb = verb;
      this.what = what;
    }

    Slot take(String owner) {
      AtomicInteger key = owner == null || keyLimit == 0 ? null : keys.computeIfAbsent(owner, k -> new AtomicInteger());
      if (key != null && key.incrementAndGet() > keyLimit) {
        key.decrementAndGet();
        throw new GatewayException(Failure.RATE_LIMITED, "This API key already " + verb + " " + keyLimit + " " + what
            + ", its limit; try again when one ends", STREAM_RETRY_SECONDS);
      }
      if (node.incrementAndGet() > nodeLimit && nodeLimit > 0) {
        node.decrementAndGet();
        if (key != null) {
          key.decrementAndGet();
        }
        throw new GatewayException(Failure.OVERLOADED, "The gateway " + verb + " as many " + what
            + " as it may; try again shortly", STREAM_RETRY_SECONDS);
      }
      return new Slot(() -> {
        node.decrementAndGet();
        if (key != null) {
          key.decrementAndGet();
        }
      });
    }
  }
}
