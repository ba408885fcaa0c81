package dev.streamgate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The upstream verticles' meters, one set per node: provider errors by code, retries, fallbacks from
 * one provider to the next, and each configured provider's circuit breaker (0 closed, 1 half open,
 * 2 open). Providers and codes are bounded sets (the configuration's, Streamgate's error codes).
 */
public final class UpstreamMetrics {

  private final MeterRegistry registry;

  public UpstreamMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A failed call (each retry counts): {@code code} is Streamgate's classification of the failure. */
  public void error(String provider, String code) {
    Counter.builder("streamgate.upstream.errors").description("Failed upstream calls, retries included")
        .tag("provider", provider).tag("code", code).register(registry).increment();
  }

  public void retry(String provider) {
    Counter.builder("streamgate.upstream.retries").tag("provider", provider).register(registry).increment();
  }

  public void fallback(String from, String to) {
    Counter.builder("streamgate.upstream.fallbacks").description("Turns moved on to the next provider of their route")
        .tag("from", from).tag("to", to).register(registry).increment();
  }

  /** Registers the breaker gauge of {@code provider}, read from {@code breakers} at each scrape. */
  public <T> void breaker(String provider, T breakers, ToDoubleFunction<T> state) {
    Gauge.builder("streamgate.circuit.breaker.state", breakers, state)
        .description("0 closed, 1 half open, 2 open").tag("provider", provider).register(registry);
  }
}
