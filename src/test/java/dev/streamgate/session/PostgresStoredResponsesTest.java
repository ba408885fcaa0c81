package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnEnd;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stored responses in PostgreSQL: the contract over two nodes (two Vert.x instances) on one fresh schema
 * per test, and what only a database shows: responses read back the same after every node stopped, a
 * database of the version before {@code meta} upgraded in place, a reply the database refuses leaving
 * the meta as it was, a fork's messages numbered as the original's.
 */
@Tag("postgres")
class PostgresStoredResponsesTest extends StoredResponsesContract {

  private final TestDatabase db = TestDatabase.create();
  private final List<Vertx> vertxes = new ArrayList<>();

  @Override
  Nodes nodes() {
    GatewayUnderTest first = node();
    GatewayUnderTest second = node();
    return new Nodes(vertxes.get(0).eventBus(), first.url(""), second.url(""));
  }

  private GatewayUnderTest node() {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    Map<String, String> env = new HashMap<>(ENV);
    env.put("SESSION_STORE", "postgres");
    env.put("DATABASE_URL", db.url());
    return GatewayUnderTest.start(vertx, env);
  }

  @AfterEach
  void stop() {
    stopNodes();
    db.close();
  }

  private void stopNodes() {
    vertxes.forEach(vertx -> vertx.close().await());
    vertxes.clear();
  }

  @Test
  void storedResponsesAndTheirForksReadBackTheSameAfterEveryNodeStopped() {
    Nodes nodes = nodes();
    String first = respond(nodes, null, "One", "Answer one");
    String forked = respond(nodes, first, "Two", "Answer two");
    String chat = Http.postJson(url(nodes.first(), "/sessions/new", ALICE), "{}").json().getString("session_id");
    JsonObject firstBefore = detail(nodes.first(), first, ALICE);
    JsonObject forkBefore = detail(nodes.second(), forked, ALICE);

    stopNodes();
    Nodes restarted = nodes();

    assertThat(detail(restarted.second(), first, ALICE)).isEqualTo(firstBefore);
    assertThat(detail(restarted.first(), forked, ALICE)).isEqualTo(forkBefore);
    assertThat(forkBefore.getJsonObject("meta")).isEqualTo(response(forked, "completed"));
    assertThat(Http.get(url(restarted.first(), "/sessions", ALICE)).json().getInteger("total")).isEqualTo(1);
    assertThat(Http.get(url(restarted.first(), "/sessions", ALICE)).json().getJsonArray("sessions")
        .getJsonObject(0).getString("session_id")).isEqualTo(chat);
    assertThat(db.sql("SELECT seq FROM streamgate_messages WHERE session_id = $1 ORDER BY seq", forked).stream()
        .map(row -> row.getLong(0)).toList()).as("numbered as the original's, then on").containsExactly(1L, 2L, 3L, 4L);
    assertThat(db.number("SELECT next_seq FROM streamgate_sessions WHERE id = $1", forked)).isEqualTo(4);
    assertThat(db.sql("SELECT meta->>'status' FROM streamgate_sessions WHERE id = $1", forked).get(0).getString(0))
        .isEqualTo("completed");
    // And the conversation goes on from the restarted node.
    String third = respond(restarted, forked, "Three", "Answer three");
    assertThat(DurableSessionsTest.contents(detail(restarted.second(), third, ALICE)))
        .containsExactly("One", "Answer one", "Two", "Answer two", "Three", "Answer three");
  }

  @Test
  void aDatabaseWithoutTheMetaColumnGainsItAndItsSessionsReadAndForkAsBefore() {
    // The schema as the version before meta made it, with one session holding a tool call.
    db.sql("CREATE TABLE streamgate_sessions (id text PRIMARY KEY, owner text, model text NOT NULL, "
        + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, next_seq bigint NOT NULL DEFAULT 0)");
    db.sql("CREATE TABLE streamgate_messages (session_id text NOT NULL REFERENCES streamgate_sessions (id) "
        + "ON DELETE CASCADE, seq bigint NOT NULL, role text NOT NULL, content text NOT NULL, sent_at text NOT NULL, "
        + "interrupted boolean NOT NULL, detail jsonb, PRIMARY KEY (session_id, seq))");
    db.sql("CREATE SEQUENCE streamgate_sessions_created");
    db.sql("INSERT INTO streamgate_sessions VALUES ('old', $1, 'mock-echo', now(), now(), 2)", owner(ALICE));
    JsonObject calls = new JsonObject().put("content", (Object) null).put("tool_calls", new JsonArray()
        .add(new JsonObject().put("id", "call_1").put("type", "function").put("function", new JsonObject()
            .put("name", "get_weather").put("arguments", "{}"))));
    db.sql("INSERT INTO streamgate_messages VALUES ('old', 1, 'user', 'Weather?', '2025-01-01T00:00:00Z', false, "
        + "NULL), ('old', 2, 'assistant', '', '2025-01-01T00:00:01Z', false, $1)", calls);

    Nodes nodes = nodes();

    assertThat(db.number("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
        + "AND table_name = 'streamgate_sessions' AND column_name = 'meta'")).isEqualTo(1);
    JsonObject old = detail(nodes.first(), "old", ALICE);
    assertThat(old.containsKey("meta")).isFalse();
    assertThat(old.getJsonArray("messages").getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0)
        .getString("id")).isEqualTo("call_1");
    assertThat(Http.get(url(nodes.second(), "/sessions", ALICE)).json().getInteger("total")).isEqualTo(1);

    String forked = newId();
    ChatMessage result = new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("rain")), List.of(), "call_1",
        null, false);
    begin(nodes, new TurnBegin(forked, List.of(result), null, false, owner(ALICE), "old",
        response(forked, "in_progress"), true));
    JsonObject fork = detail(nodes.second(), forked, ALICE);
    assertThat(new JsonArray(fork.getJsonArray("messages").getList().subList(0, 2)))
        .isEqualTo(old.getJsonArray("messages"));
    assertThat(fork.getJsonObject("meta")).isEqualTo(response(forked, "in_progress"));
    assertThat(detail(nodes.first(), "old", ALICE)).isEqualTo(old);
  }

  @Test
  void aReplyTheDatabaseRefusesLeavesTheMetaAsItWas() {
    Nodes nodes = nodes();
    String id = newId();
    begin(nodes, new TurnBegin(id, List.of(user("Hi")), null, true, owner(ALICE), null, response(id, "in_progress"),
        true));
    db.sql("CREATE FUNCTION refuse_reply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "RAISE EXCEPTION 'no space left on device'; END $$");
    db.sql("CREATE TRIGGER refuse_reply BEFORE INSERT ON streamgate_messages FOR EACH ROW "
        + "WHEN (NEW.role = 'assistant') EXECUTE FUNCTION refuse_reply()");

    TurnEnd end = new TurnEnd(id, "turn-1", "Hello!", List.of(), false, response(id, "completed"));
    ReplyException refused = refusal(LoopAffinity.request(nodes.bus(), Addresses.SESSION_TURN_END, end));

    assertThat(refused.failureCode()).isEqualTo(503);
    JsonObject stored = detail(nodes.second(), id, ALICE);
    assertThat(stored.getJsonObject("meta")).as("not without its reply").isEqualTo(response(id, "in_progress"));
    assertThat(stored.getInteger("message_count")).isEqualTo(1);
  }

  @Test
  void metaHoldingNulIsStoredWithReplacementCharactersAsMessagesAre() {
    Nodes nodes = nodes();
    String id = newId();
    JsonObject meta = response(id, "completed").put("output", new JsonArray().add(new JsonObject()
        .put("text", "a\u0000b").put("tags\u0000", new JsonArray().add("c\u0000").add(3).add(true))));
    begin(nodes, new TurnBegin(id, List.of(user("Hi")), null, true, owner(ALICE), null, null, true));
    end(nodes, new TurnEnd(id, "turn-1", "Hello!", List.of(), false, meta));

    assertThat(detail(nodes.second(), id, ALICE).getJsonObject("meta")).isEqualTo(response(id, "completed")
        .put("output", new JsonArray().add(new JsonObject().put("text", "a\uFFFDb")
            .put("tags\uFFFD", new JsonArray().add("c\uFFFD").add(3).add(true)))));
  }
}
