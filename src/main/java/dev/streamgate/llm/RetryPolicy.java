package dev.streamgate.llm;

import dev.streamgate.config.Resilience;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Which provider answers are worth retrying, and how long to wait before the next try. */
final class RetryPolicy {

  private RetryPolicy() {
  }

  /** 408, 409, 429, 5xx and Anthropic's 529 (overloaded) may pass; 4xx (bad key, bad request) will not. */
  static boolean retryable(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /** {@code Retry-After} in ms: seconds or an HTTP date; 0 when absent or unreadable. */
  static long retryAfterMs(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Math.round(Double.parseDouble(header.trim()) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
      } catch (RuntimeException unreadable) {
        return 0;
      }
    }
  }

  /**
   * The wait before retry number {@code retry} (0-based): exponential back-off with jitter, or the
   * provider's own Retry-After when longer. -1 when that Retry-After exceeds {@code retry.maxDelayMs}:
   * the client is not held that long; the turn moves on to the fallback instead.
   */
  static long delayMs(Resilience resilience, int retry, long retryAfterMs) {
    if (retryAfterMs > resilience.retryMaxDelayMs()) {
      return -1;
    }
    long ceiling = Math.min(resilience.retryMaxDelayMs(), resilience.retryBaseDelayMs() << Math.min(retry, 20));
    long backoff = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    return Math.max(backoff, retryAfterMs);
  }
}
