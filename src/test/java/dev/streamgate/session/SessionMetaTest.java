package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A session's meta and the store edges around it, without a node: what each change keeps, what each form holds. */
@ExtendWith(VertxExtension.class)
class SessionMetaTest {

  private static final JsonObject RESPONSE = new JsonObject().put("kind", "response").put("status", "completed");
  private static final ChatMessage USER = new ChatMessage(ChatMessage.USER, "Hi", "t1", false);
  private static final ChatMessage REPLY = new ChatMessage(ChatMessage.ASSISTANT, "Hello", "t2", false);
  private static final ChatMessage RESULT = new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("rain")),
      List.of(), "call_1", "t0", false);

  @Test
  void onlyAMetaOfKindResponseMakesAStoredResponse() {
    assertThat(session(RESPONSE).isResponse()).isTrue();
    assertThat(session(null).isResponse()).isFalse();
    assertThat(session(new JsonObject()).isResponse()).isFalse();
    assertThat(session(new JsonObject().put("kind", "note")).isResponse()).isFalse();
    assertThat(session(new JsonObject().put("kind", new JsonObject().put("kind", "response"))).isResponse()).isFalse();
  }

  @Test
  void everyChangeKeepsTheMetaButAnAppendThatBringsOne() {
    Session session = session(RESPONSE);
    JsonObject next = new JsonObject().put("kind", "response").put("status", "incomplete");
    assertThat(session.append(REPLY, Instant.EPOCH).meta()).isSameAs(RESPONSE);
    assertThat(session.append(List.of(REPLY), null, Instant.EPOCH).meta()).isSameAs(RESPONSE);
    assertThat(session.append(List.of(REPLY), next, Instant.EPOCH).meta()).isSameAs(next);
    assertThat(session.append(List.of(REPLY), next, Instant.EPOCH).messages()).containsExactly(USER, REPLY);
    assertThat(session.append(REPLY, Instant.EPOCH).keepLast(1).meta()).isSameAs(RESPONSE);
    assertThat(session.cleared(Instant.EPOCH).meta()).isSameAs(RESPONSE);
  }

  @Test
  void theDetailShowsACopyOfTheMetaAndNoMetaWhenThereIsNone() {
    JsonObject detail = session(RESPONSE).toDetailJson();
    detail.getJsonObject("meta").put("status", "changed");
    assertThat(RESPONSE.getString("status")).isEqualTo("completed");
    assertThat(session(null).toDetailJson().containsKey("meta")).isFalse();
  }

  @Test
  void theWholeContextStillNeverStartsWithAToolResult() {
    Session trimmed = new Session("s", null, "m", Instant.EPOCH, Instant.EPOCH, List.of(RESULT, USER, REPLY), null);
    assertThat(trimmed.context(Integer.MAX_VALUE)).containsExactly(USER, REPLY);
    assertThat(session(null).context(Integer.MAX_VALUE)).containsExactly(USER);
  }

  @Test
  void theClusterMapsJsonCarriesTheMetaAndReadsEntriesWithoutIt() {
    Session session = session(RESPONSE);
    assertThat(ClusterSessionStore.fromJson(ClusterSessionStore.toJson(session))).isEqualTo(session);
    JsonObject earlier = ClusterSessionStore.toJson(session(null));
    assertThat(earlier.containsKey("meta")).as("an entry as earlier versions wrote it").isFalse();
    assertThat(ClusterSessionStore.fromJson(earlier).meta()).isNull();
  }

  @Test
  void postgresMetaHasNulReplacedInEveryKeyAndStringAtAnyDepth() {
    JsonObject meta = new JsonObject().put("a\u0000", "b\u0000").put("n", 1.5).put("none", (Object) null)
        .put("list", new JsonArray().add("c\u0000").add(new JsonObject().put("d", "e\u0000")).add(false));
    assertThat(PostgresMessages.json(meta, s -> s == null ? null : s.replace('\0', '\uFFFD'))).isEqualTo(
        new JsonObject().put("a\uFFFD", "b\uFFFD").put("n", 1.5).put("none", (Object) null)
            .put("list", new JsonArray().add("c\uFFFD").add(new JsonObject().put("d", "e\uFFFD")).add(false)));
    assertThat(PostgresMessages.json(null, s -> s)).isNull();
  }

  @Test
  void theMemoryStoreInsertsTheLastMessagesTheLimitKeepsAndListsNoStoredResponse(Vertx vertx) {
    MemorySessionStore store = new MemorySessionStore(new SessionLimits(2, 0, 0), 0, vertx);
    Session forked = new Session("fork", null, "m", Instant.EPOCH, Instant.EPOCH, List.of(USER, REPLY, USER), RESPONSE);
    assertThat(store.insert(forked).result().messages()).hasSize(2);
    assertThat(store.insert(session(null)).succeeded()).isTrue();

    Session appended = store.append("fork", List.of(REPLY, USER), new JsonObject().put("kind", "response"),
        Instant.EPOCH).result();
    assertThat(appended.messages()).containsExactly(REPLY, USER);
    assertThat(appended.meta()).isEqualTo(new JsonObject().put("kind", "response"));
    assertThat(store.list(null).await()).extracting(SessionSummary::id).containsExactly("s");
    assertThat(store.append("missing", List.of(USER), RESPONSE, Instant.EPOCH).result()).isNull();
  }

  private static Session session(JsonObject meta) {
    return new Session("s", null, "m", Instant.EPOCH, Instant.EPOCH, List.of(USER), meta);
  }
}
