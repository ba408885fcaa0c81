package dev.streamgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

/**
 * A connection Vert.x accepted before its server's meters existed has no socket meter: vertx-micrometer-
 * metrics fails on its requests (and the request then hangs); through the guard they are served unmeasured.
 */
class EarlyConnectionGuardTest {

  private static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

  @Test
  void aRequestOfAConnectionWithoutSocketMeterIsNotMeasuredAndDoesNotFail() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    VertxMetrics micrometer = new MicrometerMetricsFactory(registry).metrics(options);
    HttpServerMetrics<Object, Object, Object> bare = server(micrometer);
    HttpServerMetrics<Object, Object, Object> guarded = server(new EarlyConnectionGuard(micrometer));

    assertThatThrownBy(() -> bare.requestBegin(null, request())).as("what Vert.x 5.0 meets without the guard")
        .isInstanceOf(NullPointerException.class);
    assertThatCode(() -> {
      Object early = guarded.requestBegin(null, request());
      guarded.requestEnd(early, request(), 10);
      guarded.responseEnd(early, null, 10);
      guarded.bytesRead(null, CLIENT, 10);
      guarded.disconnected(null, CLIENT);
    }).doesNotThrowAnyException();

    Object socket = guarded.connected(CLIENT, "client");
    guarded.requestEnd(guarded.requestBegin(socket, request()), request(), 10);
    assertThat(registry.scrape()).contains("vertx_http_server_active_requests");
  }

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> server(VertxMetrics metrics) {
    return (HttpServerMetrics<Object, Object, Object>) metrics.createHttpServerMetrics(new HttpServerOptions(),
        SocketAddress.inetSocketAddress(8000, "127.0.0.1"));
  }

  private static HttpRequest request() {
    return new HttpRequest() {
      public int id() {
        return 1;
      }

      public String uri() {
        return "/health";
      }

      public String absoluteURI() {
        return "http://127.0.0.1:8000/health";
      }

      public HttpMethod method() {
        return HttpMethod.GET;
      }

      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      public SocketAddress remoteAddress() {
        return CLIENT;
      }
    };
  }
}
