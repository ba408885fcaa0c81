package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.TestDatabase;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sessions beyond text in PostgreSQL: tool calls, tool results and images come back from the database
 * as they went in, after every node was stopped; and a database of an earlier version, whose messages
 * table has no {@code detail} column, gains it at start with its rows read as before.
 */
@Tag("postgres")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurableToolSessionsTest {

  private static final JsonArray WEATHER = new JsonArray().add(new JsonObject().put("type", "function")
      .put("function", new JsonObject().put("name", "get_weather").put("parameters", new JsonObject()
          .put("type", "object")
          .put("properties", new JsonObject().put("city", new JsonObject().put("type", "string"))))));
  private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mN"
      + "kYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

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
  void aToolCallingSessionComesBackWholeAfterARestart() throws Exception {
    GatewayUnderTest node = node();
    Turn called = Turn.run(node, new JsonObject().put("message", "Paris").put("images", new JsonArray().add(PNG))
        .put("tools", WEATHER));
    String id = called.complete().getString("session_id");
    Turn answered = Turn.run(node, new JsonObject().put("session_id", id).put("tool_results", new JsonArray()
        .add(new JsonObject().put("tool_call_id", "call_mock_get_weather").put("content", "rain\u0000, 9 °C"))));
    assertThat(answered.answer()).isEqualTo("The tool get_weather returned: rain\uFFFD, 9 °C");
    JsonObject before = Http.get(node.url("/sessions/" + id)).json();

    stopNodes();
    GatewayUnderTest restarted = node();

    JsonObject after = Http.get(restarted.url("/sessions/" + id)).json();
    assertThat(after).isEqualTo(before);
    JsonArray messages = after.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "tool", "assistant");
    assertThat(messages.getJsonObject(0).getJsonArray("content").getJsonObject(1).getJsonObject("image_url")
        .getString("url")).isEqualTo(PNG);
    assertThat(messages.getJsonObject(1).getJsonArray("tool_calls"))
        .isEqualTo(called.complete().getJsonArray("tool_calls"));
    assertThat(messages.getJsonObject(2).getString("tool_call_id")).isEqualTo("call_mock_get_weather");
    assertThat(db.sql("SELECT detail IS NULL FROM streamgate_messages ORDER BY seq").stream()
        .map(row -> row.getBoolean(0)).toList()).as("text alone needs no detail")
        .containsExactly(false, false, false, true);

    // The calls were answered, by the restarted node's reading too: the same result again is refused.
    Http.Reply again = Http.postJson(restarted.url("/chat/stream"), new JsonObject().put("session_id", id)
        .put("tool_results", new JsonArray().add(new JsonObject().put("tool_call_id", "call_mock_get_weather")
            .put("content", "sun"))).encode());
    assertThat(again.status()).isEqualTo(400);
    Turn next = Turn.run(restarted, new JsonObject().put("session_id", id).put("message", "Thanks"));
    assertThat(next.status().getInteger("context_messages")).isEqualTo(5);
    assertThat(next.complete().getInteger("message_count")).isEqualTo(6);
  }

  @Test
  void aDatabaseOfAnEarlierVersionGainsTheDetailColumnAndReadsItsRowsAsBefore() throws Exception {
    db.sql("CREATE TABLE streamgate_sessions (id text PRIMARY KEY, owner text, model text NOT NULL, "
        + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, next_seq bigint NOT NULL DEFAULT 0)");
    db.sql("CREATE TABLE streamgate_messages (session_id text NOT NULL REFERENCES streamgate_sessions (id) "
        + "ON DELETE CASCADE, seq bigint NOT NULL, role text NOT NULL, content text NOT NULL, sent_at text NOT NULL, "
        + "interrupted boolean NOT NULL, PRIMARY KEY (session_id, seq))");
    db.sql("CREATE SEQUENCE streamgate_sessions_created");
    db.sql("INSERT INTO streamgate_sessions VALUES ('old', NULL, 'mock-echo', now(), now(), 2)");
    db.sql("INSERT INTO streamgate_messages VALUES ('old', 1, 'user', 'Hello', '2025-01-01T00:00:00Z', false), "
        + "('old', 2, 'assistant', 'Hi th', '2025-01-01T00:00:01Z', true)");

    GatewayUnderTest node = node();

    JsonArray messages = Http.get(node.url("/sessions/old")).json().getJsonArray("messages");
    assertThat(messages).isEqualTo(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Hello").put("timestamp", "2025-01-01T00:00:00Z"))
        .add(new JsonObject().put("role", "assistant").put("content", "Hi th").put("timestamp", "2025-01-01T00:00:01Z")
            .put("interrupted", true)));
    Turn turn = Turn.run(node, new JsonObject().put("session_id", "old").put("message", "Weather?")
        .put("tools", WEATHER));
    assertThat(turn.complete().getInteger("message_count")).isEqualTo(4);
    assertThat(db.number("SELECT count(*) FROM streamgate_messages WHERE detail IS NOT NULL")).isEqualTo(1);
  }

  private GatewayUnderTest node() {
    Vertx vertx = Vertx.vertx();
    nodes.add(vertx);
    return GatewayUnderTest.start(vertx, Map.of("SESSION_STORE", "postgres", "DATABASE_URL", db.url()));
  }

  private void stopNodes() {
    nodes.forEach(vertx -> vertx.close().await());
    nodes.clear();
  }
}
