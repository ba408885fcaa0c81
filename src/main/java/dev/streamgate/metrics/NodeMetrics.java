package dev.streamgate.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumSet;

/**
 * The node's Prometheus registry: Vert.x's own HTTP, pool and JVM meters, its event-bus meters on
 * request (vertx-micrometer-metrics, enabled on the {@link VertxOptions} the node starts with) and
 * Streamgate's, all scraped from {@code GET /metrics}. Labels stay bounded: methods, status codes, route
 * templates, pool names and event-bus sides; never paths, addresses (a turn's chunk address is unique to
 * the turn) or ids.
 */
public final class NodeMetrics {

  /** The registry name Vert.x files the node's meters under. */
  public static final String REGISTRY = "streamgate";

  private NodeMetrics() {
  }

  /**
   * {@code options} with Vert.x metrics on, into the Prometheus registry {@link #REGISTRY}; the event
   * bus's only when {@code eventBus}: each chunk of a stream is a bus message, and Vert.x looks up and
   * updates several meters for each (about 3 % of the event loops' CPU in the benchmark's turns), while
   * Streamgate's own meters already count turns and chunks.
   */
  public static VertxOptions enable(VertxOptions options, boolean eventBus) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setRegistryName(REGISTRY)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.EB_SIDE));
    return options.setMetricsOptions(eventBus ? metrics : metrics.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS));
  }

  /**
   * A Vert.x to build with {@code options}; with Vert.x's own meters ({@link #enable}, the event
   * bus's when {@code eventBusMetrics}) when {@code vertxMetrics}, made safe for connections accepted in
   * a node's first moments ({@link EarlyConnectionGuard}).
   */
  public static VertxBuilder builder(VertxOptions options, boolean vertxMetrics, boolean eventBusMetrics) {
    VertxBuilder builder = Vertx.builder().with(vertxMetrics ? enable(options, eventBusMetrics) : options);
    return vertxMetrics ? builder.withMetrics(vertxOptions ->
        new EarlyConnectionGuard(new MicrometerMetricsFactory().metrics(vertxOptions))) : builder;
  }

  /**
   * The registry /metrics serves: the one Vert.x writes to when it was started with {@link #enable},
   * else one of the node's own (Streamgate's meters only), so /metrics answers however the node is embedded.
   */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    MeterRegistry vertxRegistry = vertx.isMetricsEnabled() ? BackendRegistries.getNow(REGISTRY) : null;
    return vertxRegistry instanceof PrometheusMeterRegistry prometheus ? prometheus
        : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
