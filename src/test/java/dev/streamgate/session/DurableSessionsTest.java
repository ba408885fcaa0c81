package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.NodeProcess;
import dev.streamgate.support.TestDatabase;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions in PostgreSQL ({@code SESSION_STORE=postgres}) through real nodes and real HTTP: what a
 * client was told is complete is in the database, whatever happens to the nodes afterwards. Each test
 * has its own schema.
 */
@Tag("postgres")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableSessionsTest {

  private TestDatabase db;
  private final List<Vertx> nodes = new ArrayList<>();

  @BeforeEach
  void database() {
    db = TestDatabase.create();
  }

  @AfterEach
  void stop() {
    stopNodes();
    db.close();
  }

  @Test
  void everyCompletedTurnSurvivesARestartOfEveryNode() throws Exception {
    // Two nodes start at once on the empty schema (both create it) and share the conversation.
    CompletableFuture<GatewayUnderTest> starting = CompletableFuture.supplyAsync(() -> node(Map.of()));
    GatewayUnderTest first = node(Map.of());
    GatewayUnderTest second = starting.get(30, TimeUnit.SECONDS);
    Turn one = Turn.run(first, new JsonObject().put("message", "first question"));
    String id = one.complete().getString("session_id");
    Turn two = Turn.run(second, new JsonObject().put("session_id", id).put("message", "second question"));
    Turn three = Turn.run(first, new JsonObject().put("session_id", id).put("message", "third question"));
    assertThat(three.complete().getInteger("message_count")).isEqualTo(6);
    Turn.run(second, new JsonObject().put("message", "another conversation"));
    JsonObject before = Http.get(first.url("/sessions/" + id)).json();

    stopNodes();
    GatewayUnderTest restarted = node(Map.of());

    JsonObject after = Http.get(restarted.url("/sessions/" + id)).json();
    assertThat(after).isEqualTo(before);
    assertThat(contents(after)).containsExactly("first question", one.answer(), "second question", two.answer(),
        "third question", three.answer());
    assertThat(Http.get(restarted.url("/sessions")).json().getInteger("total")).isEqualTo(2);
    assertThat(Http.get(restarted.url("/stats")).json().getLong("total_sessions_created")).isEqualTo(2);
    Turn four = Turn.run(restarted, new JsonObject().put("session_id", id).put("message", "fourth question"));
    assertThat(four.status().getInteger("context_messages")).isEqualTo(7);
    assertThat(four.answer()).contains("turn 4");
    assertThat(four.complete().getInteger("message_count")).isEqualTo(8);
  }

  @Test
  void aNodeProcessKilledTheMomentItSentCompleteHadAlreadyStoredTheTurn() throws Exception {
    Map<String, String> env = Map.of("SESSION_STORE", "postgres", "DATABASE_URL", db.url());
    String id;
    String answer = "";
    try (NodeProcess node = NodeProcess.launch(env).awaitHealthy();
         EventStream stream = EventStream.post(node.url("/chat/stream"), new JsonObject().put("message", "keep me"))) {
      for (EventStream.Event event = stream.next(); ; event = stream.next()) {
        JsonObject json = event.json();
        answer += json.getString("type").equals("chunk") ? json.getString("text") : "";
        if (json.getString("type").equals("complete")) {
          node.kill();
          id = json.getString("session_id");
          break;
        }
      }
    }
    GatewayUnderTest restarted = node(Map.of());
    assertThat(contents(Http.get(restarted.url("/sessions/" + id)).json())).containsExactly("keep me", answer);
  }

  @Test
  void aReplyTheDatabaseRefusesEndsWithNotStoredInsteadOfComplete() throws Exception {
    GatewayUnderTest node = node(Map.of());
    Turn kept = Turn.run(node, new JsonObject().put("message", "kept"));
    String id = kept.complete().getString("session_id");
    db.sql("CREATE FUNCTION refuse_reply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'no space left on device'; END $$");
    db.sql("CREATE TRIGGER refuse_reply BEFORE INSERT ON streamgate_messages FOR EACH ROW "
        + "WHEN (NEW.role = 'assistant') EXECUTE FUNCTION refuse_reply()");

    Turn refused = Turn.run(node, new JsonObject().put("session_id", id).put("message", "not kept"));
    assertThat(refused.answer()).contains("You said: \"not kept\"");
    assertThat(refused.types()).doesNotContain("complete");
    assertThat(refused.last()).isEqualTo(new JsonObject().put("type", "error")
        .put("message", "The answer was sent but not stored: The session store is not available")
        .put("code", "not_stored").put("session_id", id).put("turn_id", refused.last().getString("turn_id")));
    // The conversation API says so too, streaming or not.
    JsonObject whole = Http.postJson(node.url("/api/v1/chat/"), new JsonObject().put("conversation_id", id)
        .put("message", "nor this").put("stream", false).encode()).json();
    assertThat(whole.getString("content")).contains("You said: \"nor this\"");
    assertThat(whole.getBoolean("stored")).isFalse();
    assertThat(whole.getString("store_error")).isEqualTo("The session store is not available");
    String streamed = Http.send(HttpRequest.newBuilder(URI.create(node.url("/api/v1/chat/")))
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("conversation_id", id)
            .put("message", "nor that").encode()))).body();
    assertThat(streamed.strip()).endsWith("data: " + new JsonObject().put("type", "error")
        .put("error", "The answer was sent but not stored: The session store is not available")
        .put("code", "not_stored").encode());
    assertThat(contents(Http.get(node.url("/sessions/" + id)).json()))
        .containsExactly("kept", kept.answer(), "not kept", "nor this", "nor that");

    db.sql("DROP TRIGGER refuse_reply ON streamgate_messages");
    assertThat(Turn.run(node, new JsonObject().put("session_id", id).put("message", "kept again"))
        .complete().getInteger("message_count")).isEqualTo(7);
  }

  @Test
  void twoTurnsOfOneSessionAtOnceKeepAllFourMessages() throws Exception {
    GatewayUnderTest node = node(Map.of("MOCK_DELAY_MS", "20"));
    String id = Http.postJson(node.url("/sessions/new"), "{}").json().getString("session_id");
    JsonObject first = new JsonObject().put("session_id", id).put("message", "A");
    JsonObject second = new JsonObject().put("session_id", id).put("message", "B");
    try (EventStream a = EventStream.post(node.url("/chat/stream"), first);
         EventStream b = EventStream.post(node.url("/chat/stream"), second)) {
      List<Integer> counts = List.of(Turn.of(a.rest()), Turn.of(b.rest())).stream()
          .map(turn -> turn.complete().getInteger("message_count")).sorted().toList();
      assertThat(counts).containsExactly(3, 4);
    }
    List<String> contents = contents(Http.get(node.url("/sessions/" + id)).json());
    assertThat(contents).hasSize(4).contains("A", "B")
        .anySatisfy(text -> assertThat(text).contains("You said: \"A\""))
        .anySatisfy(text -> assertThat(text).contains("You said: \"B\""));
    assertThat(db.sql("SELECT seq FROM streamgate_messages WHERE session_id = $1 ORDER BY seq", id).stream()
        .map(row -> row.getLong(0)).toList()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void deletingASessionWhileItsTurnStreamsLeavesNothingBehind() throws Exception {
    GatewayUnderTest node = node(Map.of("MOCK_DELAY_MS", "15"));
    String id = Turn.run(node, new JsonObject().put("message", "first")).complete().getString("session_id");
    try (EventStream stream = EventStream.post(node.url("/chat/stream"),
        new JsonObject().put("session_id", id).put("message", "a long answer please"))) {
      while (!stream.next().json().getString("type").equals("chunk")) {
        // up to the first chunk of the answer
      }
      assertThat(Http.delete(node.url("/sessions/" + id)).json().getBoolean("deleted")).isTrue();
      JsonObject last = Turn.of(stream.rest()).last();
      assertThat(last.getString("code")).isEqualTo("not_stored");
      assertThat(last.getString("message")).contains("not found");
    }
    assertThat(Http.get(node.url("/sessions/" + id)).status()).isEqualTo(404);
    assertThat(db.number("SELECT count(*) FROM streamgate_messages")).isZero();
    assertThat(db.number("SELECT count(*) FROM streamgate_sessions")).isZero();
  }

  private GatewayUnderTest node(Map<String, String> extra) {
    Vertx vertx = Vertx.vertx();
    synchronized (nodes) {
      nodes.add(vertx);
    }
    Map<String, String> env = new HashMap<>(Map.of("SESSION_STORE", "postgres", "DATABASE_URL", db.url()));
    env.putAll(extra);
    return GatewayUnderTest.start(vertx, env);
  }

  /** Closes every node's Vert.x: its verticles, its database pool, everything it held in memory. */
  private void stopNodes() {
    synchronized (nodes) {
      nodes.forEach(vertx -> vertx.close().await());
      nodes.clear();
    }
  }

  static List<String> contents(JsonObject session) {
    JsonArray messages = session.getJsonArray("messages");
    return messages.stream().map(m -> ((JsonObject) m).getString("content")).toList();
  }
}
