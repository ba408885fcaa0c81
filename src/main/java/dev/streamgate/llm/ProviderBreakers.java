package dev.streamgate.llm;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per provider, shared by the node's upstream verticles: after {@code failures}
 * calls in a row failed (retries count), the provider is skipped for {@code openMs}; then turns may
 * try it again (half open), and the next outcome closes or reopens the breaker.
 */
public final class ProviderBreakers {

  private final int failures;
  private final long openNanos;
  private static final String[] STATES = {"closed", "half_open", "open"};

  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** Consecutive failures and, once open, until when (nanoTime). */
  private record State(int failures, long openUntil) {
  }

  public ProviderBreakers(int failures, long openMs) {
    this.failures = failures;
    this.openNanos = openMs * 1_000_000;
  }

  /** Whether a turn may use {@code provider} now. */
  boolean allows(String provider) {
    State state = states.get(provider);
    return state == null || state.failures < failures || System.nanoTime() >= state.openUntil;
  }

  void succeeded(String provider) {
    states.remove(provider);
  }

  void failed(String provider) {
    states.compute(provider, (name, state) -> {
      int count = state == null ? 1 : state.failures + 1;
      return new State(count, count >= failures ? System.nanoTime() + openNanos : 0);
    });
  }

  /** For /health: each provider that failed lately, its state and consecutive failures. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    long now = System.nanoTime();
    states.forEach((provider, state) -> json.put(provider, new JsonObject()
        .put("state", STATES[level(state, now)]).put("consecutive_failures", state.failures)));
    return json;
  }

  /** For /metrics: 0 closed, 1 half open, 2 open. */
  public int level(String provider) {
    State state = states.get(provider);
    return state == null ? 0 : level(state, System.nanoTime());
  }

  private int level(State state, long now) {
    return state.failures < failures ? 0 : now < state.openUntil ? 2 : 1;
  }
}
