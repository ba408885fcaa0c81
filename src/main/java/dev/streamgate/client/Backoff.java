package dev.streamgate.client;

import java.time.Duration;
import java.util.List;

/** How long to wait before each new attempt to reach the server: a bounded, growing series. */
record Backoff(List<Duration> delays) {

  /** Four retries over 7.5 s: enough for a node that restarts, short enough for a person waiting. */
  static Backoff standard() {
    return new Backoff(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4)));
  }

  int attempts() {
    return delays.size() + 1;
  }
}
