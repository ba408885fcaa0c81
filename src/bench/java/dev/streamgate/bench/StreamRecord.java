package dev.streamgate.bench;

import java.util.stream.LongStream;

/**
 * What one stream measured, in nanoseconds from its request start: each token's arrival, and why it
 * failed verification (null when every token arrived once, in order, and the stream ended cleanly).
 * Written only on the stream's event loop; read by the driver after the run is over.
 */
final class StreamRecord {

  private final long[] arrivals;
  private long startedAt;
  private long endedAt;
  private int tokens;
  private String failure;

  StreamRecord(int expectedTokens) {
    this.arrivals = new long[expectedTokens];
  }

  void started(long now) {
    startedAt = now;
  }

  /** Records token number {@link #tokens()}; false when more tokens came than were asked for. */
  boolean token(long now) {
    if (tokens == arrivals.length) {
      return false;
    }
    arrivals[tokens++] = now - startedAt;
    return true;
  }

  void ended(long now, String failure) {
    this.endedAt = now;
    this.failure = failure;
  }

  boolean ok() {
    return failure == null;
  }

  String failure() {
    return failure;
  }

  int tokens() {
    return tokens;
  }

  long startedAt() {
    return startedAt;
  }

  long endedAt() {
    return endedAt;
  }

  /** Time to first token; -1 when none came. */
  long ttftNanos() {
    return tokens == 0 ? -1 : arrivals[0];
  }

  /** Every gap between two consecutive tokens. */
  LongStream gaps() {
    return LongStream.range(1, tokens).map(i -> arrivals[(int) i] - arrivals[(int) i - 1]);
  }
}
