package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests get a JSON error with the right status and never a stack trace, and do not disturb
 * what a session already holds.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {

  private static final String SESSION = "{session}";

  private GatewayUnderTest gateway;
  private String sessionId;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    gateway = GatewayUnderTest.start(vertx, Map.of("MAX_MESSAGE_CHARS", "100", "MAX_BODY_BYTES", "2048"));
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "keep me"))) {
      sessionId = stream.next().json().getString("session_id");
      stream.rest();
    }
  }

  @AfterEach
  void sessionIsUntouched() {
    JsonObject session = Http.get(gateway.url("/sessions/" + sessionId)).json();
    assertThat(session.getInteger("message_count")).isEqualTo(2);
    assertThat(session.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("keep me");
  }

  static Stream<Arguments> badRequests() {
    String longMessage = "{\"message\":\"" + "x".repeat(101) + "\"}";
    String hugeBody = "{\"message\":\"" + "x".repeat(5000) + "\"}";
    return Stream.of(
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "[1,2]", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "{}", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":\"   \"}", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":42}", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":\"x\",\"session_id\":7}", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":\"x\",\"model\":\"\"}", 400, "invalid_request"),
        Arguments.of("POST", "/chat/stream", "application/json", longMessage, 413, "payload_too_large"),
        Arguments.of("POST", "/chat/stream", "application/json", hugeBody, 413, "payload_too_large"),
        Arguments.of("POST", "/chat/stream", "text/plain", "{\"message\":\"x\"}", 415, "unsupported_media_type"),
        Arguments.of("POST", "/chat/stream", null, "{\"message\":\"x\"}", 415, "unsupported_media_type"),
        Arguments.of("POST", "/chat/stream", "application/json", "{\"message\":\"x\",\"session_id\":\"nope\"}", 404, "not_found"),
        Arguments.of("GET", "/sessions/nope", null, null, 404, "not_found"),
        Arguments.of("GET", "/sessions?ids=" + "x,".repeat(101), null, null, 400, "invalid_request"),
        Arguments.of("GET", "/sessions?ids=a,%01", null, null, 400, "invalid_request"),
        Arguments.of("DELETE", "/sessions/nope", null, null, 404, "not_found"),
        Arguments.of("POST", "/sessions/nope/clear", null, "", 404, "not_found"),
        Arguments.of("POST", "/sessions/new", "text/plain", "model=x", 415, "unsupported_media_type"),
        Arguments.of("POST", "/sessions/new", "application/json", "{\"model\":", 400, "invalid_request"),
        Arguments.of("GET", "/no/such/route", null, null, 404, "not_found"),
        Arguments.of("GET", "/chat/stream", null, null, 405, "method_not_allowed"),
        Arguments.of("PUT", "/sessions/" + SESSION, "application/json", "{}", 405, "method_not_allowed"));
  }

  @ParameterizedTest(name = "{0} {1} [{2}] {3} -> {4}")
  @MethodSource("badRequests")
  void answersAJsonError(String method, String path, String type, String body, int status, String code) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path.replace(SESSION, sessionId))))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    Http.Reply reply = Http.send(request);
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void aNewSessionNeedsNoBody() {
    Http.Reply reply = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/new")))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("model")).isEqualTo("mock-echo");
  }
}
