package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile requests against a live node, byte for byte over a socket (no client library tidies them up):
 * wrong methods, oversized headers and request lines, invalid UTF-8, JSON nested past the parser's
 * bound, absurd numbers, unknown fields, path traversal, wrong content types, empty bodies, an h2c
 * upgrade. Each row states the status and the error code of the JSON answer
 * ({@code {"error":{"code","message"}}}, or OpenAI's shape on {@code /v1}); after each, the node still
 * serves and the session stored before is intact. {@link BadInputTest} covers the ordinary validation errors; this is the adversarial part.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileRequestsTest {

  private static final String JSON = "Content-Type: application/json";
  private static final String TURN = "{turn}";

  private static GatewayUnderTest gateway;
  private static String sessionId;
  private static String turnId;

  /** One node for every row: what each row must not disturb is what the rows before it left. */
  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    gateway = GatewayUnderTest.start(vertx);
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "keep me"))) {
      JsonObject info = stream.next().json();
      sessionId = info.getString("session_id");
      turnId = info.getString("turn_id");
      stream.rest();
    }
  }

  @AfterEach
  void nodeStillServesAndNothingStoredIsLost() {
    assertThat(Http.get(gateway.url("/health")).status()).isEqualTo(200);
    JsonObject session = Http.get(gateway.url("/sessions/" + sessionId)).json();
    assertThat(session.getInteger("message_count")).isEqualTo(2);
    assertThat(session.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("keep me");
  }

  /** One hostile request and what it must get: the status, and the error code (null for an accepted request). */
  record Row(String name, String method, String path, List<String> headers, byte[] body, int status, String code) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> hostileRequests() {
    return Stream.of(
        // methods
        row("unknown method", "BREW", "/health", List.of(), null, 405, "method_not_allowed"),
        row("PATCH on a stream", "PATCH", "/chat/stream", List.of(JSON), utf8("{\"message\":\"x\"}"), 405,
            "method_not_allowed"),
        row("DELETE on the session list", "DELETE", "/sessions", List.of(), null, 405, "method_not_allowed"),
        row("PUT on OpenAI's route", "PUT", "/v1/chat/completions", List.of(JSON), utf8("{}"), 405,
            "method_not_allowed"),
        row("an h2c upgrade is answered over HTTP/1.1", "GET", "/health",
            List.of("Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"),
            null, 200, null),
        // sizes the HTTP decoder bounds
        row("one 20 KiB header", "GET", "/health", List.of("X-Big: " + "a".repeat(20_000)), null, 431,
            "headers_too_large"),
        row("400 small headers", "GET", "/health",
            IntStream.range(0, 400).mapToObj(i -> "X-H" + i + ": " + "v".repeat(20)).toList(), null, 431,
            "headers_too_large"),
        row("a 10 KiB request line", "GET", "/sessions/" + "a".repeat(10_000), List.of(), null, 414, "uri_too_long"),
        // bodies
        row("invalid UTF-8", "POST", "/chat/stream", List.of(JSON), invalidUtf8(), 400, "invalid_request"),
        row("arrays nested 100,000 deep", "POST", "/chat/stream", List.of(JSON), nested("[", "]", 100_000), 400,
            "invalid_request"),
        row("objects nested 5,000 deep", "POST", "/chat/stream", List.of(JSON), nested("{\"a\":", "}", 5_000), 400,
            "invalid_request"),
        row("arrays nested 100,000 deep to OpenAI", "POST", "/v1/chat/completions", List.of(JSON),
            nested("[", "]", 100_000), 400, "invalid_request"),
        row("a message as an absurd number", "POST", "/chat/stream", List.of(JSON),
            utf8("{\"message\":1e999999999}"), 400, "invalid_request"),
        row("a negative session id", "POST", "/chat/stream", List.of(JSON), utf8("{\"message\":\"x\",\"session_id\":-1}"),
            400, "invalid_request"),
        row("absurd sampling numbers are refused", "POST", "/v1/chat/completions", List.of(JSON),
            utf8("{\"max_tokens\":-1,\"temperature\":1e999,\"n\":123456789012345678901234567890,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "invalid_request"),
        row("unknown fields are ignored", "POST", "/api/v1/chat/", List.of(JSON),
            utf8("{\"message\":\"x\",\"stream\":false,\"__proto__\":{\"admin\":true},\"extra\":[1,{\"a\":null}]}"),
            200, null),
        row("a resume id below zero", "GET", "/streams/" + TURN + "?after=-1", List.of(), null, 400, "invalid_request"),
        row("a resume id past 2^64", "GET", "/streams/" + TURN + "?after=99999999999999999999", List.of(), null, 400,
            "invalid_request"),
        row("a Last-Event-ID that is not a number", "GET", "/streams/" + TURN, List.of("Last-Event-ID: 1e3"), null,
            400, "invalid_request"),
        // ids and paths
        row("encoded traversal in a session id", "GET", "/sessions/..%2F..%2Fetc%2Fpasswd", List.of(), null, 404,
            "not_found"),
        row("dot segments out of the demo", "GET", "/demo/../../../../etc/passwd", List.of(), null, 404, "not_found"),
        row("encoded dot segments out of the demo", "GET", "/demo/..%2f..%2f..%2fpom.xml", List.of(), null, 404,
            "not_found"),
        row("encoded traversal in a turn id", "DELETE", "/streams/..%2F..%2Fsessions", List.of(), null, 404,
            "not_found"),
        row("traversal as a session id in a body", "POST", "/chat/stream", List.of(JSON),
            utf8("{\"message\":\"x\",\"session_id\":\"../../../etc/passwd\"}"), 404, "not_found"),
        row("a session id with a line break", "POST", "/api/v1/chat/", List.of(JSON),
            utf8("{\"message\":\"x\",\"conversation_id\":\"a\\r\\nSet-Cookie: evil=1\"}"), 400, "invalid_request"),
        // content types and empty bodies
        row("a form instead of JSON", "POST", "/chat/stream", List.of("Content-Type: application/x-www-form-urlencoded"),
            utf8("message=x"), 415, "unsupported_media_type"),
        row("multipart instead of JSON", "POST", "/conversation", List.of("Content-Type: multipart/form-data; boundary=b"),
            utf8("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nx\r\n--b--\r\n"), 415,
            "unsupported_media_type"),
        row("an event stream as a body", "POST", "/api/streaming", List.of("Content-Type: text/event-stream"),
            utf8("data: x\n\n"), 415, "unsupported_media_type"),
        row("an empty body", "POST", "/chat/stream", List.of(JSON), new byte[0], 400, "invalid_request"),
        row("an empty body to OpenAI", "POST", "/v1/chat/completions", List.of(JSON), new byte[0], 400,
            "invalid_request"),
        row("an empty body to a channel", "POST", "/conversation", List.of(JSON), new byte[0], 400, "invalid_request"),
        // the dialects that keep their own error shapes
        row("invalid UTF-8 to Anthropic's route", "POST", "/v1/messages", List.of(JSON), invalidUtf8(), 400,
            "invalid_request_error"),
        row("arrays nested 100,000 deep to Anthropic's route", "POST", "/v1/messages", List.of(JSON),
            nested("[", "]", 100_000), 400, "invalid_request_error"),
        row("a form to Anthropic's route", "POST", "/v1/messages", List.of("Content-Type: application/x-www-form-urlencoded"),
            utf8("model=x"), 415, "invalid_request_error"),
        row("GET on Anthropic's route", "GET", "/v1/messages", List.of(), null, 405, "invalid_request_error"),
        row("absurd numbers to Anthropic's route", "POST", "/v1/messages", List.of(JSON),
            utf8("{\"model\":\"m\",\"max_tokens\":1e999,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400,
            "invalid_request_error"),
        row("invalid UTF-8 to the Responses route", "POST", "/v1/responses", List.of(JSON), invalidUtf8(), 400,
            "invalid_request"),
        row("objects nested 5,000 deep to the Responses route", "POST", "/v1/responses", List.of(JSON),
            nested("{\"a\":", "}", 5_000), 400, "invalid_request"),
        row("an empty body to the Responses route", "POST", "/v1/responses", List.of(JSON), new byte[0], 400,
            "invalid_request"),
        row("PUT on a response", "PUT", "/v1/responses/resp_1", List.of(JSON), utf8("{}"), 405, "method_not_allowed"),
        row("encoded traversal in a response id", "GET", "/v1/responses/resp_..%2F..%2Fsessions", List.of(), null, 404,
            "not_found"),
        row("a turn id as a response id", "GET", "/v1/responses/" + TURN, List.of(), null, 404, "not_found"),
        row("a starting_after that is not a number", "GET", "/v1/responses/resp_x?stream=true&starting_after=1e3",
            List.of(), null, 400, "invalid_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileRequests")
  void answersWithTheStatedStatusAndJson(Row row) {
    RawHttp.Response response = RawHttp.send(gateway.port(), row.method(), row.path().replace(TURN, turnId),
        row.headers().toArray(String[]::new), row.body());
    assertThat(response.status()).as(row.name()).isEqualTo(row.status());
    assertThat(response.header("Content-Type")).as(row.name()).startsWith(row.status() == 200 && row.code() == null
        && row.path().startsWith("/chat") ? "text/event-stream" : "application/json");
    if (row.code() != null && row.path().startsWith("/v1/messages")) {
      assertThat(response.json().getString("type")).as("Anthropic's error shape").isEqualTo("error");
      assertThat(response.json().getJsonObject("error").getString("type")).as(row.name()).isEqualTo(row.code());
      assertThat(response.json().getJsonObject("error").getString("message")).isNotBlank().doesNotContain("Exception");
    } else if (row.code() != null) {
      JsonObject error = response.json().getJsonObject("error");
      assertThat(error.getString("code")).as(row.name()).isEqualTo(row.code());
      assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
      if (row.path().startsWith("/v1/")) {
        assertThat(error.fieldNames()).as("OpenAI's error shape").contains("message", "type", "param", "code");
      }
    }
    assertThat(response.body()).doesNotContain("<project").doesNotContain("root:");
  }

  @Test
  void concurrentDeletesOfAStreamingSessionDeleteItOnceAndTheStreamEndsCleanly() throws Exception {
    // A node of its own (its own Vert.x: two nodes in one would share the session service's addresses).
    Vertx own = Vertx.vertx();
    try {
      concurrentDeletes(GatewayUnderTest.start(own, Map.of("MOCK_DELAY_MS", "50")));
    } finally {
      own.close().await();
    }
  }

  private static void concurrentDeletes(GatewayUnderTest slow) throws Exception {
    try (EventStream stream = EventStream.post(slow.url("/chat/stream"), new JsonObject().put("message", "long"))) {
      String streaming = stream.next().json().getString("session_id");
      stream.next();
      List<CompletableFuture<Integer>> deletes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        deletes.add(CompletableFuture.supplyAsync(() -> Http.delete(slow.url("/sessions/" + streaming)).status()));
      }
      List<Integer> statuses = deletes.stream().map(CompletableFuture::join).sorted().toList();
      assertThat(statuses).containsExactly(200, 404, 404, 404, 404, 404, 404, 404);

      List<EventStream.Event> rest = stream.rest();
      List<String> terminal = rest.stream().map(event -> event.json().getString("type"))
          .filter(type -> type.equals("complete") || type.equals("error")).toList();
      assertThat(terminal).as("exactly one terminal event").hasSize(1);
      assertThat(stream.failure()).as("the stream ended cleanly").isNull();
      assertThat(Http.get(slow.url("/sessions/" + streaming)).status()).as("deleted stays deleted").isEqualTo(404);
    }
    assertThat(Http.get(slow.url("/health")).json().getInteger("active_streams")).isZero();
  }

  private static Arguments row(String name, String method, String path, List<String> headers, byte[] body, int status,
                               String code) {
    return Arguments.of(new Row(name, method, path, headers, body, status, code));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON body whose message holds bytes that are not UTF-8: a lone continuation byte, an overlong slash, FF. */
  private static byte[] invalidUtf8() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(utf8("{\"message\":\"caf"));
    body.writeBytes(new byte[] {(byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xFF});
    body.writeBytes(utf8("\"}"));
    return body.toByteArray();
  }

  /** {@code {"message":"x","extra":<open × depth><close × depth>}}. */
  private static byte[] nested(String open, String close, int depth) {
    String innermost = open.equals("[") ? "" : "1";
    return utf8("{\"message\":\"x\",\"extra\":" + open.repeat(depth) + innermost + close.repeat(depth) + "}");
  }
}
