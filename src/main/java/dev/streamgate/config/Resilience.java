package dev.streamgate.config;

/**
 * How hard the upstream verticle tries before a turn fails: retries with exponential back-off and
 * jitter (only before the first token reached the client), the whole-turn time-out, and the circuit
 * breaker that skips a provider after consecutive failures.
 */
public record Resilience(int retryAttempts, long retryBaseDelayMs, long retryMaxDelayMs, long turnTimeoutMs,
                         int breakerFailures, long breakerOpenMs) {

  static Resilience from(ConfigFields f) {
    return new Resilience(
        f.integer("llm.retry.attempts", 0, 10),
        f.number("llm.retry.baseDelayMs", 1, 60_000),
        f.number("llm.retry.maxDelayMs", 1, 600_000),
        f.number("llm.turnTimeoutMs", 1, 24 * 3_600_000L),
        f.integer("llm.breaker.failures", 1, 1000),
        f.number("llm.breaker.openMs", 1, 3_600_000));
  }
}
