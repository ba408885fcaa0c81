package dev.streamgate.limits;

/**
 * Requests per minute as a token bucket: it holds up to a minute's worth, so a key may spend its
 * minute in a burst, and refills evenly ({@code perMinute / 60} a second). Thread-safe.
 */
final class TokenBucket {

  private static final double NANOS_PER_MINUTE = 60e9;

  private final double capacity;
  private double tokens;
  private long refilledAt;

  TokenBucket(int perMinute) {
    this.capacity = perMinute;
    this.tokens = perMinute;
    this.refilledAt = System.nanoTime();
  }

  /** Takes a token at {@code now}: 0 when there was one, else the milliseconds until there will be. */
  synchronized long take(long now) {
    tokens = Math.min(capacity, tokens + (now - refilledAt) * capacity / NANOS_PER_MINUTE);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) * NANOS_PER_MINUTE / capacity / 1e6);
  }
}
