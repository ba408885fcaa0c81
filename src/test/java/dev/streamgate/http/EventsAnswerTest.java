package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 001: {@code GET /events?message=…} with {@code Authorization: Bearer} (and {@code GET /hello}, the
 * seed's Flask resource) streams the seed's welcome message, then that message's answer as JSON
 * {@code {event, data}} messages, and the server closes; an EventSource that comes back with
 * {@code Last-Event-ID} gets the rest, or 204 once it has everything. API keys are on.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventsAnswerTest {

  private static final String KEY = "sk-events-0123456789";
  private static final String BEARER = "Bearer " + KEY;
  /** Seed 001's first message, as the seed writes it. */
  private static final String WELCOME = "{\"sender\": \"Server\", \"message\": \"Welcome to the SSE connection!\"}";

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", KEY, "MOCK_DELAY_MS", "20", "GRACE_SECONDS", "1"));
  }

  @Test
  void theAnswerArrivesAsEventAndDataJsonThenTheServerCloses() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/events?message=hello%20json&session_id=s-001"),
        "Authorization", BEARER);
    List<Event> events = stream.rest(); // returns only because the server ended the stream
    assertThat(stream.failure()).isNull();
    assertThat(stream.response().header("Content-Type")).startsWith("text/event-stream");

    List<JsonObject> messages = events.stream().map(Event::json).toList();
    assertThat(events).allSatisfy(e -> assertThat(e.type()).as("default message events").isNull());
    assertThat(events.get(0).data()).isEqualTo(WELCOME);
    List<JsonObject> tokens = messages.subList(1, messages.size() - 1);
    assertThat(tokens).hasSizeGreaterThan(5).allSatisfy(m -> {
      assertThat(m.getString("event")).isEqualTo("token");
      assertThat(m.getValue("data")).isInstanceOf(String.class);
    });
    JsonObject done = messages.get(messages.size() - 1);
    assertThat(done.getString("event")).isEqualTo("done");
    String answer = tokens.stream().map(m -> m.getString("data")).reduce("", String::concat);
    assertThat(done.getJsonObject("data").getString("text")).isEqualTo(answer).contains("hello json");
    assertThat(done.getJsonObject("data").getString("session_id")).isEqualTo("s-001");
    assertThat(history("s-001").getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo(answer);
  }

  @Test
  void withoutAValidKeyTheAnswerIsRefusedAndAnAccessTokenParameterWorksForEventSource() throws Exception {
    Http.Reply missing = Http.get(gateway.url("/events?message=hi"));
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    Http.Reply wrong = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/events?message=hi")))
        .header("Authorization", "Bearer sk-wrong-000000000000"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("sk-wrong");

    List<Event> events = EventStream.get(gateway.url("/events?message=hi&access_token=" + KEY)).rest();
    assertThat(events.get(events.size() - 1).json().getString("event")).isEqualTo("done");
  }

  @Test
  void anEventSourceThatReconnectsWithLastEventIdGetsTheRestThen204() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/events?message=come%20back"), "Authorization", BEARER);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(stream.next());
    }
    stream.close();
    String lastId = events.get(2).id();

    EventStream resumed = EventStream.get(gateway.url("/events?message=come%20back"), "Authorization", BEARER,
        "Last-Event-ID", lastId);
    events.addAll(resumed.rest());
    String turnId = lastId.substring(0, lastId.indexOf(':'));
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).id()).as("the welcome is the turn's start, :0").isEqualTo(turnId + ":" + i);
    }
    JsonObject done = events.get(events.size() - 1).json();
    assertThat(done.getString("event")).isEqualTo("done");
    String answer = events.subList(1, events.size() - 1).stream().map(e -> e.json().getString("data"))
        .reduce("", String::concat);
    assertThat(done.getJsonObject("data").getString("text")).isEqualTo(answer);

    // Everything was read: the browser's next automatic reconnection is told to stop, nothing is asked again.
    Http.Reply after = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/events?message=come%20back")))
        .header("Authorization", BEARER).header("Last-Event-ID", events.get(events.size() - 1).id()));
    assertThat(after.status()).isEqualTo(204);
    assertThat(history(done.getJsonObject("data").getString("session_id")).getInteger("message_count")).isEqualTo(2);
  }

  @Test
  void helloStreamsAGreetingAfterTheWelcomeAndAReconnectionBeforeAnyTokenResumesTheSameTurn() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/hello"), "Authorization", BEARER);
    Event welcome = stream.next();
    stream.close();
    assertThat(welcome.data()).isEqualTo(WELCOME);
    assertThat(welcome.id()).endsWith(":0");

    List<Event> rest = EventStream.get(gateway.url("/hello"), "Authorization", BEARER, "Last-Event-ID", welcome.id())
        .rest();
    String turnId = welcome.id().substring(0, welcome.id().indexOf(':'));
    assertThat(rest).allSatisfy(e -> assertThat(e.id()).startsWith(turnId + ":"));
    assertThat(rest.get(0).json().getString("event")).as("no second welcome").isEqualTo("token");
    JsonObject done = rest.get(rest.size() - 1).json();
    assertThat(done.getString("event")).isEqualTo("done");
    assertThat(done.getJsonObject("data").getString("text")).contains("You said: \"Hello!\"");
  }

  private JsonObject history(String session) {
    return Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/" + session)))
        .header("Authorization", BEARER)).json();
  }
}
