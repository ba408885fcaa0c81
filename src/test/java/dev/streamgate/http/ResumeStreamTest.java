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
 * A {@code /chat/stream} client whose connection drops comes back with {@code GET /streams/{turn_id}}
 * ({@code ?after=N} or {@code Last-Event-ID}) and gets exactly the events it missed, then the rest.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeStreamTest {

  private static final String ALICE = "sk-resume-alice-0123";
  private static final String BOB = "sk-resume-bob-45678";

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "40", "GRACE_SECONDS", "5",
        "GATEWAY_API_KEYS", ALICE + "," + BOB));
  }

  @Test
  void aDroppedClientResumesAfterItsLastEventAndGetsEveryEventExactlyOnce() throws Exception {
    List<Event> before = new ArrayList<>();
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream?access_token=" + ALICE),
        new JsonObject().put("message", "resume me"))) {
      for (int i = 0; i < 7; i++) {
        before.add(stream.next()); // session_info, status, 5 chunks
      }
    }
    String turnId = before.get(0).json().getString("turn_id");
    String lastId = before.get(6).id();

    EventStream resumed = EventStream.get(gateway.url("/streams/" + turnId + "?after=" + lastId),
        "Authorization", "Bearer " + ALICE);
    List<Event> all = new ArrayList<>(before);
    all.addAll(resumed.rest());
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).id()).isEqualTo(Integer.toString(i + 1));
    }
    List<JsonObject> chunks = all.stream().map(Event::json)
        .filter(e -> "chunk".equals(e.getString("type")) && !e.getBoolean("is_final")).toList();
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).getInteger("chunk_number")).isEqualTo(i + 1);
    }
    JsonObject complete = all.get(all.size() - 1).json();
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getInteger("total_chunks")).isEqualTo(chunks.size());
    String stored = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/" + complete.getString("session_id"))))
        .header("Authorization", "Bearer " + ALICE)).json().getJsonArray("messages").getJsonObject(1).getString("content");
    assertThat(chunks.stream().map(c -> c.getString("text")).reduce("", String::concat)).isEqualTo(stored)
        .endsWith("at work.");
  }

  @Test
  void lastEventIdWorksLikeAfterAndAFinishedTurnReadToTheEndAnswers204() throws Exception {
    List<Event> first = EventStream.post(gateway.url("/chat/stream?access_token=" + ALICE),
        new JsonObject().put("message", "whole")).rest();
    String turnId = first.get(0).json().getString("turn_id");

    List<Event> again = EventStream.get(gateway.url("/streams/" + turnId), "Authorization", "Bearer " + ALICE,
        "Last-Event-ID", "2").rest();
    assertThat(again).extracting(Event::data).isEqualTo(first.subList(2, first.size()).stream().map(Event::data).toList());

    // A client that got the final marker but not complete gets complete alone.
    List<Event> lastOnly = EventStream.get(gateway.url("/streams/" + turnId), "Authorization", "Bearer " + ALICE,
        "Last-Event-ID", first.get(first.size() - 2).id()).rest();
    assertThat(lastOnly).containsExactly(first.get(first.size() - 1));

    HttpRequest.Builder done = HttpRequest.newBuilder(URI.create(gateway.url("/streams/" + turnId + "?after="
        + first.get(first.size() - 1).id()))).header("Authorization", "Bearer " + ALICE);
    assertThat(Http.send(done).status()).isEqualTo(204);
  }

  @Test
  void deleteStopsTheTurnAtOnceEndingItsStreamWithAStoppedError() throws Exception {
    EventStream stream = EventStream.post(gateway.url("/chat/stream?access_token=" + ALICE),
        new JsonObject().put("message", "stop me"));
    JsonObject info = stream.next().json();
    stream.next();
    stream.next();
    HttpRequest.Builder stop = HttpRequest.newBuilder(URI.create(gateway.url("/streams/" + info.getString("turn_id"))))
        .header("Authorization", "Bearer " + ALICE).DELETE();
    assertThat(Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/streams/" + info.getString("turn_id"))))
        .header("Authorization", "Bearer " + BOB).DELETE()).status()).as("another key's turn").isEqualTo(404);
    assertThat(Http.send(stop).json().getBoolean("stopped")).isTrue();

    List<Event> rest = stream.rest();
    JsonObject last = rest.get(rest.size() - 1).json();
    assertThat(last.getString("type")).isEqualTo("error");
    assertThat(last.getString("code")).isEqualTo("stopped");
    assertThat(rest.size()).as("stopped long before the 31 words").isLessThan(20);
    assertThat(Http.send(stop).json().getBoolean("stopped")).as("already over").isFalse();
    JsonObject reply = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/" + info.getString("session_id"))))
        .header("Authorization", "Bearer " + ALICE)).json().getJsonArray("messages").getJsonObject(1);
    assertThat(reply.getBoolean("interrupted")).isTrue();
    assertThat(reply.getString("content")).doesNotEndWith("at work.");
  }

  @Test
  void anotherKeyUnknownTurnsAndBadIdsGetJsonErrors() throws Exception {
    List<Event> first = EventStream.post(gateway.url("/chat/stream?access_token=" + ALICE),
        new JsonObject().put("message", "mine")).rest();
    String turnId = first.get(0).json().getString("turn_id");

    Http.Reply bob = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/streams/" + turnId)))
        .header("Authorization", "Bearer " + BOB));
    assertThat(bob.status()).isEqualTo(404);
    assertThat(bob.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
    Http.Reply unknown = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/streams/no-such-turn")))
        .header("Authorization", "Bearer " + ALICE));
    assertThat(unknown.status()).isEqualTo(404);
    Http.Reply bad = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/streams/" + turnId + "?after=-3")))
        .header("Authorization", "Bearer " + ALICE));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(Http.get(gateway.url("/streams/" + turnId)).status()).as("no key").isEqualTo(401);
  }
}
