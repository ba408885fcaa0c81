package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.Eventually;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session limits, and the session list's pages, through real HTTP, the same for every store: each store's test class says how to
 * start two nodes over one store (the same node twice where a store is not shared). Every test uses
 * its own API keys, so tests never count each other's sessions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SessionLimitsContract {

  /** Two sessions per key, four messages per session, keys on; no idle expiry (see {@link #IDLE}). */
  static final Map<String, String> LIMITS = Map.of("GATEWAY_API_KEYS", "key-trim,key-full,key-other,key-idle,key-pages",
      "SESSION_MAX_PER_KEY", "2", "SESSION_MAX_MESSAGES", "4");
  static final Map<String, String> IDLE = with(LIMITS, "SESSION_IDLE_SECONDS", "2");

  /** The base URLs ({@code http://host:port}) of two nodes over one store configured with {@code env}. */
  abstract List<String> nodes(Map<String, String> env);

  @Test
  void aSessionKeepsOnlyItsLastMessages() throws Exception {
    List<String> nodes = nodes(LIMITS);
    Turn one = Turn.run(url(nodes.get(0), "/chat/stream", "key-trim"), new JsonObject().put("message", "one"));
    String id = one.complete().getString("session_id");
    Turn two = turn(nodes.get(1), "key-trim", id, "two");
    assertThat(two.complete().getInteger("message_count")).isEqualTo(4);
    Turn three = turn(nodes.get(0), "key-trim", id, "three");

    assertThat(three.complete().getInteger("message_count")).isEqualTo(4);
    assertThat(three.status().getInteger("context_messages")).isEqualTo(4);
    assertThat(three.answer()).as("the model saw two of the three questions").contains("turn 2 ");
    JsonObject session = Http.get(url(nodes.get(1), "/sessions/" + id, "key-trim")).json();
    assertThat(DurableSessionsTest.contents(session)).containsExactly("two", two.answer(), "three", three.answer());
    assertThat(session.getInteger("message_count")).isEqualTo(4);
  }

  @Test
  void aKeyKeepsAtMostItsSessionsAndOneMoreIsRefusedWith429StoringNothing() throws Exception {
    List<String> nodes = nodes(LIMITS);
    String first = Http.postJson(url(nodes.get(0), "/sessions/new", "key-full"), "{}").json().getString("session_id");
    Turn.run(url(nodes.get(1), "/chat/stream", "key-full"), new JsonObject().put("message", "second")).complete();

    assertRefused(Http.postJson(url(nodes.get(0), "/sessions/new", "key-full"), "{}"));
    assertRefused(Http.postJson(url(nodes.get(1), "/chat/stream", "key-full"), "{\"message\":\"third\"}"));
    assertRefused(Http.postJson(url(nodes.get(0), "/api/v1/chat/", "key-full"),
        "{\"conversation_id\":\"a-third-one\",\"message\":\"third\",\"stream\":false}"));
    assertThat(Http.get(url(nodes.get(1), "/sessions", "key-full")).json().getInteger("total")).isEqualTo(2);
    assertThat(Http.postJson(url(nodes.get(0), "/sessions/new", "key-other"), "{}").status()).isEqualTo(200);

    assertThat(Http.delete(url(nodes.get(1), "/sessions/" + first, "key-full")).status()).isEqualTo(200);
    assertThat(Http.postJson(url(nodes.get(0), "/sessions/new", "key-full"), "{}").status()).isEqualTo(200);
    assertRefused(Http.postJson(url(nodes.get(1), "/sessions/new", "key-full"), "{}"));
  }

  @Test
  void aSessionUnchangedForTheIdleTimeExpiresWhileAnActiveOneStays() throws Exception {
    List<String> nodes = nodes(IDLE);
    long idleSince = System.nanoTime(); // the idle session's only change came after this
    String idle = Http.postJson(url(nodes.get(0), "/sessions/new", "key-idle"), "{}").json().getString("session_id");
    String active = Turn.run(url(nodes.get(1), "/chat/stream", "key-idle"), new JsonObject().put("message", "hi"))
        .complete().getString("session_id");
    AtomicLong activeSince = new AtomicLong(idleSince); // the last change of the active session came after this
    AtomicInteger round = new AtomicInteger();
    // Meanwhile the active session takes a turn every 300 ms or so, on one node and then the other.
    Eventually.within(Duration.ofSeconds(15).minusNanos(System.nanoTime() - idleSince)).every(Duration.ofMillis(300))
        .untilAsserted("the idle session to expire within 15 s while the other is used", () -> {
          String node = nodes.get(round.getAndIncrement() % 2);
          if (exists(node, idle)) {
            activeSince.set(System.nanoTime());
            keepUsing(node, active);
            throw new AssertionError("it still exists");
          }
        });
    assertThat(System.nanoTime() - idleSince).as("not before its idle time").isGreaterThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(Http.get(url(nodes.get(1), "/sessions", "key-idle")).json().getJsonArray("sessions").stream()
        .map(s -> ((JsonObject) s).getString("session_id")).toList()).containsExactly(active);

    // Left alone now, the active one goes the same way: its idle time counts from its last change.
    Eventually.within(Duration.ofSeconds(15).minusNanos(System.nanoTime() - activeSince.get()))
        .until("the active session, left alone, to expire within 15 s", () -> !exists(nodes.get(0), active));
    assertThat(System.nanoTime() - activeSince.get()).as("not before its idle time")
        .isGreaterThan(TimeUnit.SECONDS.toNanos(2));
  }

  /**
   * Whether session {@code id} exists on {@code node}. Any answer but 200 or 404 fails the test at once, also
   * inside a wait (where an AssertionError would only mean "not yet").
   */
  private static boolean exists(String node, String id) {
    int status = Http.get(url(node, "/sessions/" + id, "key-idle")).status();
    if (status != 200 && status != 404) {
      throw new IllegalStateException("GET /sessions/" + id + " answered " + status);
    }
    return status == 200;
  }

  /** A turn of session {@code id} on {@code node}; one that does not complete fails the test at once, as above. */
  private static void keepUsing(String node, String id) throws InterruptedException {
    Turn turn = turn(node, "key-idle", id, "still here");
    if (turn.events().isEmpty() || !"complete".equals(turn.last().getString("type"))) {
      throw new IllegalStateException("a turn of the active session did not complete: " + turn.events());
    }
  }

  private static Turn turn(String node, String key, String id, String message) throws InterruptedException {
    return Turn.run(url(node, "/chat/stream", key), new JsonObject().put("session_id", id).put("message", message));
  }

  private static void assertRefused(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(429);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.json().getJsonObject("error")).isEqualTo(new JsonObject().put("code", "session_limit")
        .put("message", "This API key already keeps 2 sessions, the most allowed: delete one "
            + "(DELETE /sessions/{id}) to start another"));
  }

  /** {@code path} on {@code node} with API key {@code key} (as EventSource clients send it). */
  @Test
  void theListComesInPagesMostRecentlyUpdatedFirst() throws Exception {
    List<String> nodes = nodes(LIMITS);
    String older = Http.postJson(url(nodes.get(0), "/sessions/new", "key-pages"), "{}").json().getString("session_id");
    String newer = Http.postJson(url(nodes.get(1), "/sessions/new", "key-pages"), "{}").json().getString("session_id");

    JsonObject first = Http.get(url(nodes.get(0), "/sessions", "key-pages") + "&limit=1").json();
    assertThat(ids(first)).containsExactly(newer);
    assertThat(first.getLong("total")).isEqualTo(2);
    assertThat(first.getBoolean("has_more")).isTrue();
    JsonObject second = Http.get(url(nodes.get(1), "/sessions", "key-pages") + "&limit=1&after="
        + first.getString("next")).json();
    assertThat(ids(second)).containsExactly(older);
    assertThat(second.getBoolean("has_more")).isFalse();
    assertThat(second.containsKey("next")).isTrue();
    assertThat(second.getString("next")).as("the last page").isNull();
    assertThat(ids(Http.get(url(nodes.get(0), "/sessions", "key-pages") + "&limit=1000").json()))
        .containsExactly(newer, older);
    JsonObject whole = Http.get(url(nodes.get(0), "/sessions", "key-pages")).json();
    assertThat(whole.fieldNames()).as("no limit: the whole list, as before").containsExactlyInAnyOrder("sessions", "total");

    for (String wrong : List.of("limit=0", "limit=1001", "limit=two", "limit=1&after=nope", "after=" + first.getString("next"),
        "limit=1&ids=" + older)) {
      Http.Reply refused = Http.get(url(nodes.get(0), "/sessions", "key-pages") + "&" + wrong);
      assertThat(refused.status()).as(wrong).isEqualTo(400);
      assertThat(refused.json().getJsonObject("error").getString("message")).as(wrong).containsAnyOf("'limit'", "'after'");
    }
  }

  private static List<String> ids(JsonObject list) {
    return list.getJsonArray("sessions").stream().map(s -> ((JsonObject) s).getString("session_id")).toList();
  }

  static String url(String node, String path, String key) {
    return node + path + "?access_token=" + key;
  }

  static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> all = new HashMap<>(env);
    all.put(name, value);
    return Map.copyOf(all);
  }
}
