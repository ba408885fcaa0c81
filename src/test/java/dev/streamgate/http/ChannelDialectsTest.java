package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event-channel dialects of seeds 000 ({@code GET /events} + {@code POST /conversation}) and 002
 * ({@code POST /api/streaming} + a possibly late {@code EventSource('/api/streaming')}), through the
 * real server with the mock model answering one word at a time.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelDialectsTest {

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "5"));
  }

  @Test
  void seed000ConversationStreamsTheAnswerSoFarIntoEveryStreamOfTheCookiesChannel() throws Exception {
    // As that page does: the EventSource opens first, with no cookie; the channel's cookie comes back.
    EventStream first = EventStream.get(gateway.url("/events"));
    String setCookie = first.awaitOpen().header("Set-Cookie");
    assertThat(first.response().code()).isEqualTo(200);
    assertThat(first.response().header("Content-Type")).startsWith("text/event-stream");
    assertThat(setCookie).startsWith(ChannelIds.EVENTS_COOKIE + "=").containsIgnoringCase("HttpOnly").contains("Path=/");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    EventStream second = EventStream.get(gateway.url("/events"), "Cookie", cookie);
    second.awaitOpen();

    Http.Reply accepted = post("/conversation", new JsonObject().put("type", "conversation")
        .put("conversation_id", "").put("parent_message_id", "").put("text", "hello channel"), cookie);
    assertThat(accepted.status()).isEqualTo(202);
    JsonObject ack = accepted.json();
    String turnId = ack.getString("message_id");
    assertThat(ack.getString("conversation_id")).isEqualTo(cookie.substring(cookie.indexOf('=') + 1));

    for (EventStream stream : List.of(first, second)) {
      List<Event> events = stream.until("done");
      List<Event> messages = events.subList(0, events.size() - 1);
      assertThat(messages).isNotEmpty().allSatisfy(e -> assertThat(e.type()).isEqualTo("message"));
      for (int i = 1; i < messages.size(); i++) {
        assertThat(messages.get(i).data()).startsWith(messages.get(i - 1).data()).isNotEqualTo(messages.get(i - 1).data());
      }
      JsonObject done = events.get(events.size() - 1).json();
      assertThat(done.getString("text")).isEqualTo(messages.get(messages.size() - 1).data())
          .contains("You said: \"hello channel\"");
      assertThat(done.getString("turn_id")).isEqualTo(turnId);
      assertThat(done.getString("finish_reason")).isEqualTo("stop");
      assertThat(done.getInteger("message_count")).isEqualTo(2);
      assertThat(events).allSatisfy(e -> assertThat(e.id()).startsWith(turnId + ":"));
      stream.close();
    }
    JsonObject history = Http.get(gateway.url("/sessions/" + ack.getString("conversation_id"))).json();
    assertThat(history.getJsonArray("messages").getJsonObject(1).getString("content"))
        .contains("You said: \"hello channel\"");
  }

  @Test
  void twoChannelsNeverSeeEachOthersEvents() throws Exception {
    EventStream red = EventStream.get(gateway.url("/events?channel=red"));
    EventStream blue = EventStream.get(gateway.url("/events?channel=blue"));
    red.awaitOpen();
    blue.awaitOpen();
    String redTurn = post("/conversation?channel=red", new JsonObject().put("text", "for red"), null).json()
        .getString("message_id");
    String blueTurn = post("/conversation?channel=blue", new JsonObject().put("text", "for blue"), null).json()
        .getString("message_id");

    assertThat(red.until("done")).allSatisfy(e -> assertThat(e.id()).startsWith(redTurn + ":"))
        .last().satisfies(done -> assertThat(done.json().getString("text")).contains("for red").doesNotContain("for blue"));
    assertThat(blue.until("done")).allSatisfy(e -> assertThat(e.id()).startsWith(blueTurn + ":"))
        .last().satisfies(done -> assertThat(done.json().getString("text")).contains("for blue"));
    red.close();
    blue.close();
  }

  @Test
  void seed002EventSourceOpenedAfterTheAnswerEndedStillGetsEveryTokenOnce() throws Exception {
    Http.Reply accepted = post("/api/streaming?channel=late", new JsonObject().put("prompt", "tell me late"), null);
    assertThat(accepted.status()).isEqualTo(202);
    String session = accepted.json().getString("conversation_id");
    awaitMessages(session, 2); // the whole answer was produced and stored before anyone listened

    EventStream stream = EventStream.get(gateway.url("/api/streaming?channel=late"));
    List<Event> events = stream.until("end");
    String stored = Http.get(gateway.url("/sessions/" + session)).json().getJsonArray("messages").getJsonObject(1)
        .getString("content");
    assertTokensOnce(events, accepted.json().getString("message_id"), stored);

    // The next question, asked while a new EventSource is open: only its tokens, none of the first turn's.
    Http.Reply next = post("/api/streaming?channel=late", new JsonObject().put("prompt", "and now?"), null);
    EventStream again = EventStream.get(gateway.url("/api/streaming?channel=late"));
    List<Event> second = again.until("end");
    assertThat(second.get(second.size() - 1).json().getString("text")).contains("and now?");
    assertTokensOnce(second, next.json().getString("message_id"), second.get(second.size() - 1).json().getString("text"));
    stream.close();
    again.close();
  }

  @Test
  void seed002EventSourceOpenedMidAnswerGetsTheEarlierTokensThenTheRest() throws Exception {
    Http.Reply accepted = post("/api/streaming?channel=mid", new JsonObject().put("prompt", "slowly"), null);
    String turnId = accepted.json().getString("message_id");
    EventStream stream = EventStream.get(gateway.url("/api/streaming?channel=mid"));
    List<Event> events = stream.until("end");
    assertTokensOnce(events, turnId, events.get(events.size() - 1).json().getString("text"));
    stream.close();
  }

  @Test
  void aStreamReconnectingWithLastEventIdGetsExactlyTheEventsItMissed() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/api/streaming?channel=resume"));
    stream.awaitOpen();
    post("/api/streaming?channel=resume", new JsonObject().put("prompt", "resume me"), null);
    List<Event> before = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      before.add(stream.next());
    }
    stream.close();

    EventStream resumed = EventStream.get(gateway.url("/api/streaming?channel=resume"),
        "Last-Event-ID", before.get(4).id());
    List<Event> all = new ArrayList<>(before);
    all.addAll(resumed.until("end"));
    String turnId = before.get(0).id().substring(0, before.get(0).id().indexOf(':'));
    assertTokensOnce(all, turnId, all.get(all.size() - 1).json().getString("text"));
    resumed.close();
  }

  @Test
  void seed000StreamResumedMidAnswerStillShowsTheWholeAnswerSoFar() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/events?channel=reprint"));
    stream.awaitOpen();
    String turnId = post("/conversation?channel=reprint", new JsonObject().put("text", "word ".repeat(60)), null)
        .json().getString("message_id");
    List<Event> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add(stream.next());
    }
    stream.close();
    TimeUnit.MILLISECONDS.sleep(100); // more of the answer is produced while nobody listens

    EventStream resumed = EventStream.get(gateway.url("/events?channel=reprint"), "Last-Event-ID", before.get(3).id());
    List<Event> after = resumed.until("done");
    // The page clears and reprints on each message: the first after the reconnection has all that came before.
    assertThat(after.get(0).data()).startsWith(before.get(3).data()).isNotEqualTo(before.get(3).data());
    assertThat(after.get(0).id()).startsWith(turnId + ":");
    assertThat(after.get(after.size() - 2).data()).isEqualTo(after.get(after.size() - 1).json().getString("text"));
    resumed.close();
  }

  @Test
  void badRequestsGetJsonErrorsAndStartNoTurn() {
    assertThat(post("/conversation", new JsonObject().put("type", "conversation"), null).status()).isEqualTo(400);
    assertThat(post("/api/streaming", new JsonObject().put("prompt", "   "), null).status()).isEqualTo(400);
    assertThat(post("/api/streaming", new JsonObject().put("prompt", "hi").put("model", "no-such-model"), null).status())
        .isEqualTo(400);
    Http.Reply badChannel = Http.get(gateway.url("/events?channel=..%2Fetc"));
    assertThat(badChannel.status()).isEqualTo(400);
    assertThat(badChannel.json().getJsonObject("error").getString("message")).contains("channel");
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonArray("sessions")).isEmpty();
  }

  /** newToken events numbered 1…n of one turn, which together are the answer, then its end. */
  private static void assertTokensOnce(List<Event> events, String turnId, String answer) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size() - 1; i++) {
      assertThat(events.get(i).type()).isEqualTo("newToken");
      assertThat(events.get(i).id()).isEqualTo(turnId + ":" + (i + 1));
      text.append(events.get(i).data());
    }
    assertThat(text.toString()).isEqualTo(answer);
    assertThat(events.get(events.size() - 1).id()).isEqualTo(turnId + ":" + events.size());
    assertThat(events.get(events.size() - 1).json().getString("turn_id")).isEqualTo(turnId);
  }

  private void awaitMessages(String session, int count) {
    Eventually.within(Duration.ofSeconds(10)).until("session " + session + " to reach " + count + " messages",
        () -> Http.get(gateway.url("/sessions/" + session)),
        reply -> reply.status() == 200 && reply.json().getInteger("message_count") >= count);
  }

  private Http.Reply post(String path, JsonObject body, String cookie) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return Http.send(request);
  }
}
