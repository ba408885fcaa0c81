package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Turns running at once, per node (503) and per API key (429), counted for every dialect that starts a
 * turn, refused before anything is stored or sent, with {@code Retry-After} and a JSON error; a slot
 * comes back exactly once whatever ends the turn; every HTTP verticle of the node shares the count.
 * Streams that only read are bounded apart, the same way.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamLimitsTest {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ALICE = "sk-limits-alice-0123";
  private static final String BOB = "sk-limits-bob-45678";

  /** A request of each dialect that starts a turn: method, path, body (null for GET). */
  record Ask(String method, String path, String body) {
  }

  static List<Ask> everyDialect() {
    return List.of(
        new Ask("POST", "/chat/stream", "{\"message\":\"hi\"}"),
        new Ask("POST", "/v1/chat/completions", "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        new Ask("POST", "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        new Ask("POST", "/api/v1/chat/", "{\"message\":\"hi\",\"stream\":true}"),
        new Ask("POST", "/api/v1/chat/", "{\"message\":\"hi\",\"stream\":false}"),
        new Ask("POST", "/conversation", "{\"type\":\"conversation\",\"conversation_id\":\"\",\"text\":\"hi\"}"),
        new Ask("POST", "/api/streaming", "{\"prompt\":\"hi\"}"),
        new Ask("GET", "/events?message=hi", null));
  }

  @Test
  void aFullNodeAnswers503WithRetryAfterInEveryDialectBeforeAnythingIsStoredOrStreamed(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = gatewayWithHolders(vertx, Map.of("MAX_STREAMS", "1"));
    try (EventStream holder = hold(gateway, null)) {
      String turnId = holder.next().json().getString("turn_id");
      for (Ask ask : everyDialect()) {
        HttpResponse<String> refused = send(gateway, ask, null);
        assertThat(refused.statusCode()).as(ask.toString()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).as(ask.toString()).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type")).as(ask.toString()).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/json"));
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("code")).as(ask.toString()).isEqualTo("overloaded");
        assertThat(error.getString("message")).isNotBlank();
      }
      assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).as("nothing stored").isEqualTo(1);
      assertThat(Http.delete(gateway.url("/streams/" + turnId)).json().getBoolean("stopped")).isTrue();
    }
    // The stopped turn gave its slot back: each dialect in turn is admitted, and ends, giving it back again.
    for (Ask ask : everyDialect()) {
      assertThat(awaitAdmitted(gateway, ask)).as(ask.toString()).isIn(200, 202);
    }
  }

  @Test
  void aSlotComesBackExactlyOnceWhateverEndsTheTurn(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MAX_STREAMS", "1", "MOCK_DELAY_MS", "30",
        "GRACE_SECONDS", "0"));
    // Refused after the slot was taken: unknown session (404), unknown model (400).
    assertThat(send(gateway, new Ask("POST", "/chat/stream", "{\"message\":\"x\",\"session_id\":\"nope\"}"), null)
        .statusCode()).isEqualTo(404);
    assertThat(send(gateway, new Ask("POST", "/chat/stream", "{\"message\":\"x\",\"model\":\"nobody/none\"}"), null)
        .statusCode()).isEqualTo(400);
    // Completed.
    try (EventStream done = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "x"))) {
      assertThat(done.rest()).last().satisfies(event -> assertThat(event.json().getString("type")).isEqualTo("complete"));
    }
    // The client went away mid-answer.
    try (EventStream left = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "x"))) {
      left.next();
      left.next();
      left.next();
    }
    // Stopped on request (asked once the server has noticed the client above left and freed its slot).
    try (EventStream stopped = awaitOpen(gateway)) {
      String turnId = stopped.next().json().getString("turn_id");
      Http.delete(gateway.url("/streams/" + turnId));
      assertThat(stopped.rest()).last().satisfies(event -> assertThat(event.json().getString("code")).isEqualTo("stopped"));
    }
    // After all that, exactly one slot is free: one turn is admitted, a second at the same time is not.
    try (EventStream holder = awaitOpen(gateway)) {
      assertThat(holder.next().json().getString("type")).isEqualTo("session_info");
      assertThat(send(gateway, everyDialect().get(0), null).statusCode()).isEqualTo(503);
    }
  }

  @Test
  void everyHttpVerticleOfTheNodeSharesOneCount(Vertx vertx) throws Exception {
    // A fixed port: on port 0 each verticle instance would listen on a random port of its own.
    GatewayUnderTest gateway = gatewayWithHolders(vertx, Map.of("HTTP_INSTANCES", "2", "MAX_STREAMS", "2",
        "PORT", Integer.toString(freePort())));
    // Three streams on three connections, which the node hands to its two verticles in turn.
    List<EventStream> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        streams.add(hold(gateway, null));
        streams.get(i).awaitOpen();
      }
      assertThat(streams.stream().map(stream -> stream.response().code()).sorted().toList())
          .containsExactly(200, 200, 503);
    } finally {
      streams.forEach(EventStream::close);
    }
  }

  @Test
  void aKeyRunsAtMostItsStreamsAndOtherKeysAreNotHeldBack(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = gatewayWithHolders(vertx, Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB,
        "KEY_MAX_STREAMS", "1"));
    try (EventStream holder = hold(gateway, ALICE)) {
      holder.next();
      for (Ask ask : everyDialect()) {
        HttpResponse<String> refused = send(gateway, ask, ALICE);
        assertThat(refused.statusCode()).as(ask.toString()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
      }
      HttpResponse<String> other = send(gateway, new Ask("POST", "/api/v1/chat/", "{\"message\":\"hi\"}"), BOB);
      assertThat(other.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aKeyOverItsRequestsPerMinuteGets429WithRetryAfterAndOtherKeysDoNot(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB,
        "KEY_REQUESTS_PER_MINUTE", "3"));
    for (int i = 0; i < 3; i++) {
      assertThat(send(gateway, new Ask("GET", "/sessions", null), ALICE).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = send(gateway, new Ask("GET", "/sessions", null), ALICE);
    assertThat(refused.statusCode()).isEqualTo(429);
    // One request a minute comes back every 20 s.
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
        seconds -> assertThat(seconds).isBetween(15L, 20L));
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    HttpResponse<String> openAi = send(gateway, new Ask("GET", "/v1/models", null), ALICE);
    assertThat(openAi.statusCode()).isEqualTo(429);
    assertThat(openAi.headers().firstValue("Retry-After")).isPresent();
    assertThat(new JsonObject(openAi.body()).getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");

    assertThat(send(gateway, new Ask("GET", "/sessions", null), BOB).statusCode()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/health")).status()).as("public pages are not counted").isEqualTo(200);
  }

  @Test
  void streamsThatOnlyReadAreBoundedApartFromTurnsAndGiveTheirSlotBackHoweverTheyEnd(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MAX_READ_STREAMS", "2", "MAX_STREAMS", "1",
        "MOCK_DELAY_MS", "5"));
    EventStream channel = EventStream.get(gateway.url("/events?channel=one"));
    EventStream tokens = EventStream.get(gateway.url("/api/streaming?channel=two"));
    assertThat(channel.awaitOpen().code()).isEqualTo(200);
    assertThat(tokens.awaitOpen().code()).isEqualTo(200);
    for (String path : List.of("/events?channel=three", "/api/streaming", "/streams/" + UUID.randomUUID())) {
      HttpResponse<String> refused = send(gateway, new Ask("GET", path, null), null);
      assertThat(refused.statusCode()).as(path).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("overloaded");
    }
    // A turn holds a turn's slot, not a read slot: asking into the channel still works.
    HttpResponse<String> asked = send(gateway, new Ask("POST", "/conversation?channel=one", "{\"text\":\"hi\"}"), null);
    assertThat(asked.statusCode()).isEqualTo(202);
    String turnId = new JsonObject(asked.body()).getString("message_id");
    for (EventStream.Event e = channel.next(); !"done".equals(e.type()); e = channel.next()) {
      assertThat(e.id()).startsWith(turnId);
    }

    tokens.close();
    channel.close();
    // Answers that are not streams (404, 204) hold their slot only while they are written.
    assertThat(awaitStatus(gateway, "/streams/" + UUID.randomUUID())).isEqualTo(404);
    for (int i = 0; i < 4; i++) {
      assertThat(send(gateway, new Ask("GET", "/streams/" + UUID.randomUUID(), null), null).statusCode()).isEqualTo(404);
      assertThat(send(gateway, new Ask("GET", "/streams/" + turnId + "?after=999", null), null).statusCode())
          .isEqualTo(204);
    }
    EventStream readBack = EventStream.get(gateway.url("/streams/" + turnId));
    assertThat(readBack.rest()).last().satisfies(e -> assertThat(e.json().getString("type")).isEqualTo("complete"));
  }

  @Test
  void aKeyHoldingItsReadStreamsGets429AndOtherKeysDoNot(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB,
        "KEY_MAX_READ_STREAMS", "1"));
    EventStream alices = EventStream.get(gateway.url("/events?access_token=" + ALICE));
    assertThat(alices.awaitOpen().code()).isEqualTo(200);
    HttpResponse<String> refused = send(gateway, new Ask("GET", "/api/streaming", null), ALICE);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("rate_limited");
    EventStream bobs = EventStream.get(gateway.url("/events?access_token=" + BOB));
    assertThat(bobs.awaitOpen().code()).isEqualTo(200);
    alices.close();
    bobs.close();
  }

  /** The status of {@code GET path} once a read slot is free again (the server notices closed streams a moment later). */
  private static int awaitStatus(GatewayUnderTest gateway, String path) {
    return Eventually.within(Duration.ofSeconds(10)).until("GET " + path + " to be answered other than 503",
        () -> send(gateway, new Ask("GET", path, null), null).statusCode(), status -> status != 503);
  }

  /** Sends {@code ask} (with {@code key} as a bearer token when not null) and reads the whole answer. */
  private static HttpResponse<String> send(GatewayUnderTest gateway, Ask ask, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(ask.path())))
        .timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream");
    if (ask.body() == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ask.body()));
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The status {@code ask} gets once admitted, waiting (bounded) for the previous turn's slot: a channel
   * turn (202) runs on after its request is answered, so its slot comes back a little later.
   */
  private static int awaitAdmitted(GatewayUnderTest gateway, Ask ask) {
    return Eventually.within(Duration.ofSeconds(20)).until(ask + " to be answered other than 503",
        () -> send(gateway, ask, null).statusCode(), status -> status != 503);
  }

  /** A {@code /chat/stream} admitted once the last turn's slot is back (a left client's turn ends just after). */
  private static EventStream awaitOpen(GatewayUnderTest gateway) {
    return Eventually.within(Duration.ofSeconds(10)).untilReturns("a /chat/stream turn to be admitted", () -> {
      EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hold"));
      try {
        int status = stream.awaitOpen().code();
        if (status == 200) {
          return stream;
        }
        throw new AssertionError("answered " + status);
      } catch (AssertionError notAdmitted) {
        stream.close();
        throw notAdmitted;
      }
    });
  }

  /** A node whose {@code gpt-*} turns go to a provider that never answers: they hold their slot until stopped. */
  private static GatewayUnderTest gatewayWithHolders(Vertx vertx, Map<String, String> env) {
    FakeOpenAi silent = FakeOpenAi.start(vertx).silence();
    Map<String, String> all = new HashMap<>(env);
    all.put("OPENAI_BASE_URL", silent.baseUrl());
    return GatewayUnderTest.start(vertx, all);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static EventStream hold(GatewayUnderTest gateway, String key) {
    return EventStream.post(gateway.url("/chat/stream" + (key == null ? "" : "?access_token=" + key)),
        new JsonObject().put("message", "hold").put("model", "gpt-4o-mini"));
  }
}
