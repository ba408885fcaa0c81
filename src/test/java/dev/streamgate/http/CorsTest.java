package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cross-origin browsers: allowed origins configurable, preflights answered, event streams carrying the headers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CorsTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String APP = "http://app.example:3000";

  @Test
  void anAllowedOriginGetsPreflightAndStreamHeaders(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("CORS_ORIGINS", APP + ", http://other.example"));
    HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(gateway.url("/chat/stream")))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type"));
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");

    HttpResponse<String> stream = send(HttpRequest.newBuilder(URI.create(gateway.url("/chat/stream")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"cors\"}")).header("Origin", APP)
        .header("Content-Type", "application/json"));
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
    assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    assertThat(stream.body()).contains("\"type\":\"complete\"");

    HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(gateway.url("/health")))
        .header("Origin", "http://evil.example"));
    assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void withoutConfiguredOriginsNoCorsHeadersAreSent(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(gateway.url("/health"))).header("Origin", APP));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
