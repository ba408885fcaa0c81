package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import dev.streamgate.support.Http;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored responses as the Responses API keeps them, the same over every store: turns sent on the event
 * bus of a running node as its HTTP verticle sends them ({@link TurnBegin} with {@code fork_of},
 * {@code meta}, {@code whole_context}; {@link TurnEnd} with {@code meta}), checked through
 * {@code GET /sessions/{id}}, {@code GET /sessions} and {@code session.get}. Each store's class says how
 * to start nodes over one store; every id is new, so tests sharing nodes never see each other's sessions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StoredResponsesContract {

  static final String ALICE = "key-alice-responses";
  static final String BOB = "key-bob-responses";
  /** Keys on, a model context of 2 messages, 6 messages kept per session. */
  static final Map<String, String> ENV = Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB, "MAX_CONTEXT_MESSAGES", "2",
      "SESSION_MAX_MESSAGES", "6");

  /**
   * Nodes over one store configured with {@link #ENV}: the event bus turns are sent on (one node's, as
   * its HTTP verticle sends them), and the base URLs ({@code http://host:port}) of two nodes, which may be
   * the same one where a store is not shared.
   */
  record Nodes(EventBus bus, String first, String second) {
  }

  abstract Nodes nodes();

  @Test
  void aResponseIsStoredWithItsMetaAndItsEndReplacesTheMetaWithTheReplyInOneChange() {
    Nodes nodes = nodes();
    String id = newId();
    TurnContext started = begin(nodes, new TurnBegin(id, List.of(user("Hi")), null, true, owner(ALICE), null,
        response(id, "in_progress"), true));
    assertThat(started.sessionId()).isEqualTo(id);
    assertThat(started.created()).isTrue();
    assertThat(texts(started.context())).containsExactly("Hi");
    assertThat(started.messageCount()).isEqualTo(1);
    assertThat(detail(nodes.second(), id, ALICE).getJsonObject("meta")).isEqualTo(response(id, "in_progress"));

    JsonObject done = response(id, "completed").put("output_text", "Hello!");
    assertThat(end(nodes, new TurnEnd(id, "turn-" + id, "Hello!", List.of(), false, done))).isEqualTo(2);

    JsonObject stored = detail(nodes.second(), id, ALICE);
    assertThat(stored.getJsonObject("meta")).isEqualTo(done);
    assertThat(DurableSessionsTest.contents(stored)).containsExactly("Hi", "Hello!");
    assertThat(stored.getJsonArray("messages").getJsonObject(1).getString("role")).isEqualTo("assistant");
    JsonObject viaBus = ask(nodes, Addresses.SESSION_GET, new JsonObject().put("session_id", id)
        .put("owner", owner(ALICE))).await().body();
    assertThat(viaBus).isEqualTo(stored);
    assertThat(refusal(ask(nodes, Addresses.SESSION_GET, new JsonObject().put("session_id", id)
        .put("owner", owner(BOB)))).failureCode()).isEqualTo(404);
    assertThat(Http.get(url(nodes.first(), "/sessions/" + id, BOB)).status()).isEqualTo(404);
    // An end without meta leaves it as it is.
    end(nodes, new TurnEnd(id, "turn-2", "More", false));
    assertThat(detail(nodes.first(), id, ALICE).getJsonObject("meta")).isEqualTo(done);
  }

  @Test
  void theSessionListLeavesStoredResponsesOut() {
    Nodes nodes = nodes();
    String chat = Http.postJson(url(nodes.first(), "/sessions/new", ALICE), "{}").json().getString("session_id");
    String response = respond(nodes, null, "Hi", "Hello!");
    String note = newId(); // meta of another kind: a chat session still
    begin(nodes, new TurnBegin(note, List.of(user("Note this")), null, true, owner(ALICE), null,
        new JsonObject().put("kind", "note"), false));

    JsonObject listed = Http.get(url(nodes.second(), "/sessions", ALICE)).json();
    assertThat(ids(listed)).containsExactlyInAnyOrder(chat, note);
    assertThat(listed.getInteger("total")).isEqualTo(2);
    assertThat(ids(Http.get(url(nodes.first(), "/sessions?ids=" + response + "," + chat, ALICE)).json()))
        .containsExactly(chat);
    assertThat(Http.get(url(nodes.first(), "/sessions/" + response, ALICE)).status()).isEqualTo(200);
  }

  @Test
  void aListOfNamedSessionsHasTheOnesTheKeyMaySeeOnceEachLastChangedFirst() {
    Nodes nodes = nodes();
    String older = Http.postJson(url(nodes.first(), "/sessions/new", ALICE), "{}").json().getString("session_id");
    String newer = Http.postJson(url(nodes.first(), "/sessions/new", ALICE), "{}").json().getString("session_id");
    String bobs = Http.postJson(url(nodes.first(), "/sessions/new", BOB), "{}").json().getString("session_id");
    end(nodes, new TurnEnd(older, "turn-" + older, "Changed last", false)); // now the last changed

    JsonObject listed = Http.get(url(nodes.second(), "/sessions?ids=" + String.join(",", newer, newId(), bobs,
        older, newer), ALICE)).json();
    assertThat(ids(listed)).containsExactly(older, newer);
    assertThat(listed.getInteger("total")).isEqualTo(2);
    assertThat(ids(Http.get(url(nodes.first(), "/sessions?ids=" + older + "," + bobs, BOB)).json()))
        .containsExactly(bobs);
  }

  @Test
  void aForkCopiesTheConversationAndLeavesTheOriginalAsItWas() {
    Nodes nodes = nodes();
    String first = respond(nodes, null, "One", "Answer one");
    JsonObject before = detail(nodes.second(), first, ALICE);
    String forked = newId();

    TurnContext started = begin(nodes, new TurnBegin(forked, List.of(user("Two")), null, false, owner(ALICE), first,
        response(forked, "in_progress"), true));
    assertThat(started.sessionId()).isEqualTo(forked);
    assertThat(started.created()).isTrue();
    assertThat(started.model()).isEqualTo(before.getString("model"));
    assertThat(texts(started.context())).containsExactly("One", "Answer one", "Two");
    assertThat(started.messageCount()).isEqualTo(3);
    end(nodes, new TurnEnd(forked, "turn-" + forked, "Answer two", List.of(), false, response(forked, "completed")));

    JsonObject fork = detail(nodes.second(), forked, ALICE);
    assertThat(DurableSessionsTest.contents(fork)).containsExactly("One", "Answer one", "Two", "Answer two");
    assertThat(new JsonArray(fork.getJsonArray("messages").getList().subList(0, 2)))
        .as("copied as they were, timestamps included").isEqualTo(before.getJsonArray("messages"));
    assertThat(fork.getJsonObject("meta")).isEqualTo(response(forked, "completed"));
    assertThat(detail(nodes.first(), first, ALICE)).isEqualTo(before);

    // Another branch from the same response: neither the original nor the first branch changes.
    JsonObject forkBefore = detail(nodes.first(), forked, ALICE);
    String branch = respond(nodes, first, "Two again", "Other answer");
    assertThat(DurableSessionsTest.contents(detail(nodes.second(), branch, ALICE)))
        .containsExactly("One", "Answer one", "Two again", "Other answer");
    assertThat(detail(nodes.second(), first, ALICE)).isEqualTo(before);
    assertThat(detail(nodes.second(), forked, ALICE)).isEqualTo(forkBefore);
  }

  @Test
  void aForkOfAnUnknownSessionOrOfAnotherKeysIsNotFoundAndStoresNothing() {
    Nodes nodes = nodes();
    String alices = respond(nodes, null, "Mine", "Yours");
    String taken = respond(nodes, null, "Taken", "Indeed");
    JsonObject takenBefore = detail(nodes.first(), taken, ALICE);
    long sessions = activeSessions(nodes);
    String unknownFork = newId();
    String bobsFork = newId();

    ReplyException unknown = refusal(request(nodes, new TurnBegin(unknownFork, List.of(user("Hi")), null, false,
        owner(ALICE), "resp_unknown", response(unknownFork, "in_progress"), true)));
    ReplyException others = refusal(request(nodes, new TurnBegin(bobsFork, List.of(user("Hi")), null, true,
        owner(BOB), alices, response(bobsFork, "in_progress"), true)));
    ReplyException clash = refusal(request(nodes, new TurnBegin(taken, List.of(user("Hi")), null, true,
        owner(ALICE), alices, response(taken, "in_progress"), true)));

    assertThat(unknown.failureCode()).isEqualTo(404);
    assertThat(unknown.getMessage()).isEqualTo("Session 'resp_unknown' not found");
    assertThat(others.failureCode()).isEqualTo(404);
    assertThat(others.getMessage()).isEqualTo("Session '" + alices + "' not found");
    assertThat(clash.failureCode()).as("a fork starts a new session: its id taken is a failure").isEqualTo(500);
    assertThat(activeSessions(nodes)).isEqualTo(sessions);
    assertThat(Http.get(url(nodes.second(), "/sessions/" + unknownFork, ALICE)).status()).isEqualTo(404);
    assertThat(Http.get(url(nodes.second(), "/sessions/" + bobsFork, BOB)).status()).isEqualTo(404);
    assertThat(detail(nodes.second(), taken, ALICE)).isEqualTo(takenBefore);
    assertThat(DurableSessionsTest.contents(detail(nodes.second(), alices, ALICE))).containsExactly("Mine", "Yours");
  }

  @Test
  void aForkAnswersTheToolCallsOfTheResponseItContinues() {
    Nodes nodes = nodes();
    String calling = newId();
    ToolCall weather = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    begin(nodes, new TurnBegin(calling, List.of(user("Weather in Paris?")), null, true, owner(ALICE), null,
        response(calling, "in_progress"), true));
    List<ChatMessage.Thinking> thinking = List.of(ChatMessage.Thinking.signed("Paris, so call it.", "EqQBCgIYAh"),
        ChatMessage.Thinking.redacted("EmwKAhgB"), ChatMessage.Thinking.unsigned("Another provider's reasoning."));
    end(nodes, new TurnEnd(calling, "turn-1", "", List.of(weather), thinking, false, response(calling, "completed")));
    assertThat(detail(nodes.second(), calling, ALICE).getJsonArray("messages").getJsonObject(1)
        .getJsonArray("thinking")).as("the answer's reasoning, kept with it").isEqualTo(new JsonArray()
            .add(new JsonObject().put("thinking", "Paris, so call it.").put("signature", "EqQBCgIYAh"))
            .add(new JsonObject().put("redacted", "EmwKAhgB"))
            .add(new JsonObject().put("thinking", "Another provider's reasoning.")));
    long sessions = activeSessions(nodes);

    String unanswered = newId();
    ReplyException refused = refusal(request(nodes, new TurnBegin(unanswered, List.of(user("And?")), null, false,
        owner(ALICE), calling, null, true)));
    assertThat(refused.failureCode()).as(refused.getMessage()).isEqualTo(400);
    assertThat(activeSessions(nodes)).isEqualTo(sessions);

    String answered = newId();
    ChatMessage result = new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("rain, 9 °C")), List.of(),
        "call_1", null, false);
    TurnContext started = begin(nodes, new TurnBegin(answered, List.of(result), null, false, owner(ALICE), calling,
        response(answered, "in_progress"), true));
    assertThat(started.context().stream().map(ChatMessage::role).toList())
        .containsExactly("user", "assistant", "tool");
    assertThat(started.context().get(1).toolCalls()).containsExactly(weather);
    assertThat(started.context().get(1).thinking()).isEqualTo(thinking);
    assertThat(started.context().get(2).toolCallId()).isEqualTo("call_1");
  }

  @Test
  void theWholeContextIsEveryMessageKeptWhereTheWindowIsTheLastFew() {
    Nodes nodes = nodes();
    String one = respond(nodes, null, "q1", "a1");
    String two = respond(nodes, one, "q2", "a2");
    String three = respond(nodes, two, "q3", "a3");
    assertThat(DurableSessionsTest.contents(detail(nodes.second(), three, ALICE)))
        .containsExactly("q1", "a1", "q2", "a2", "q3", "a3");

    String four = newId();
    TurnContext whole = begin(nodes, new TurnBegin(four, List.of(user("q4")), null, false, owner(ALICE), three,
        response(four, "in_progress"), true));
    assertThat(whole.messageCount()).as("SESSION_MAX_MESSAGES keeps 6").isEqualTo(6);
    assertThat(texts(whole.context())).containsExactly("a1", "q2", "a2", "q3", "a3", "q4");
    assertThat(DurableSessionsTest.contents(detail(nodes.first(), whole.sessionId(), ALICE)))
        .containsExactly("a1", "q2", "a2", "q3", "a3", "q4");

    String other = newId();
    TurnContext window = begin(nodes, new TurnBegin(other, List.of(user("q4 again")), null, false, owner(ALICE),
        three, response(other, "in_progress"), false));
    assertThat(texts(window.context())).as("MAX_CONTEXT_MESSAGES is 2").containsExactly("a3", "q4 again");
    assertThat(DurableSessionsTest.contents(detail(nodes.second(), three, ALICE)))
        .containsExactly("q1", "a1", "q2", "a2", "q3", "a3");
  }

  /** A response as the Responses API stores one: a new session (a fork of {@code previous} if given), then its end. */
  static String respond(Nodes nodes, String previous, String input, String output) {
    String id = newId();
    begin(nodes, new TurnBegin(id, List.of(user(input)), null, previous == null, owner(ALICE), previous,
        response(id, "in_progress"), true));
    end(nodes, new TurnEnd(id, "turn-" + id, output, List.of(), false, response(id, "completed")));
    return id;
  }

  static JsonObject response(String id, String status) {
    return new JsonObject().put("id", id).put("object", "response").put("kind", "response").put("status", status);
  }

  static String newId() {
    return "resp_" + UUID.randomUUID().toString().replace("-", "");
  }

  static ChatMessage user(String text) {
    return new ChatMessage(ChatMessage.USER, text, null, false);
  }

  static TurnContext begin(Nodes nodes, TurnBegin begin) {
    return TurnContext.of(request(nodes, begin).await().body());
  }

  private static Future<Message<Object>> request(Nodes nodes, TurnBegin begin) {
    return LoopAffinity.request(nodes.bus(), Addresses.SESSION_TURN_BEGIN, begin);
  }

  static int end(Nodes nodes, TurnEnd end) {
    return LoopAffinity.<JsonObject>request(nodes.bus(), Addresses.SESSION_TURN_END, end).await().body()
        .getInteger("message_count");
  }

  private static Future<Message<JsonObject>> ask(Nodes nodes, String address, JsonObject body) {
    return LoopAffinity.request(nodes.bus(), address, body);
  }

  private static long activeSessions(Nodes nodes) {
    return ask(nodes, Addresses.SESSION_STATS, new JsonObject()).await().body().getLong("active_sessions");
  }

  static ReplyException refusal(Future<?> reply) {
    Throwable failure = catchThrowable(reply::await);
    assertThat(failure).isInstanceOf(ReplyException.class);
    return (ReplyException) failure;
  }

  /** {@code GET /sessions/{id}} with {@code key}, which must answer 200. */
  static JsonObject detail(String node, String id, String key) {
    Http.Reply reply = Http.get(url(node, "/sessions/" + id, key));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  static String url(String node, String path, String key) {
    return node + path + (path.contains("?") ? "&" : "?") + "access_token=" + key;
  }

  /** The owner a key's sessions have: its fingerprint, as {@code http/ApiKeys} makes it. */
  static String owner(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> texts(List<ChatMessage> messages) {
    return messages.stream().map(ChatMessage::content).toList();
  }

  private static List<String> ids(JsonObject list) {
    return list.getJsonArray("sessions").stream().map(s -> ((JsonObject) s).getString("session_id")).toList();
  }
}
