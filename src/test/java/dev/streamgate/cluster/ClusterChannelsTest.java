package dev.streamgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The event channels of seeds 000 and 002 on three clustered nodes (one JVM, one Hazelcast cluster,
 * API keys on), each request of a page reaching a different node, as behind a round-robin proxy: a
 * channel is kept by one node, the others hand it the channel's turns and read its streams through it.
 */
@Tag("cluster")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterChannelsTest {

  private static final String KEY = "sk-channels-alice-0123";
  private static final String OTHER_KEY = "sk-channels-bob-45678";
  /** About 0.8 s of answer (the mock answers 5 ms a word). */
  private static final String MEDIUM = "word ".repeat(130);

  private static String cluster;
  private static ClusterNode nodeA;
  private static ClusterNode nodeB;
  private static ClusterNode nodeC;

  @BeforeAll
  static void startCluster() {
    cluster = ClusterNode.uniqueClusterName();
    nodeA = ClusterNode.start(cluster, keys());
    nodeB = ClusterNode.start(cluster, keys());
    nodeC = ClusterNode.start(cluster, keys());
  }

  @AfterAll
  static void stopCluster() {
    for (ClusterNode node : new ClusterNode[] {nodeC, nodeB, nodeA}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void seed000TurnsAskedThroughAnyNodeReachTheChannelsStreamsOnEveryNode() throws Exception {
    // As the page does: the EventSource opens first (here on A), and its cookie ties the rest together.
    EventStream onA = EventStream.get(api(nodeA, "/events"));
    String setCookie = onA.awaitOpen().header("Set-Cookie");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    EventStream onC = EventStream.get(api(nodeC, "/events"), "Cookie", cookie);
    onC.awaitOpen();

    for (ClusterNode asked : List.of(nodeB, nodeC)) {
      Http.Reply accepted = post(asked, "/conversation", new JsonObject().put("text", "asked via " + asked.nodeId()),
          cookie, KEY);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
      String turnId = accepted.json().getString("message_id");
      assertThat(accepted.json().getString("conversation_id")).isEqualTo(cookie.substring(cookie.indexOf('=') + 1));
      for (EventStream stream : List.of(onA, onC)) {
        List<Event> events = stream.until("done");
        assertThat(events).allSatisfy(e -> assertThat(e.id()).startsWith(turnId + ":"));
        for (int i = 0; i < events.size(); i++) {
          assertThat(events.get(i).id()).isEqualTo(turnId + ":" + (i + 1));
        }
        List<Event> messages = events.subList(0, events.size() - 1);
        for (int i = 1; i < messages.size(); i++) {
          assertThat(messages.get(i).data()).startsWith(messages.get(i - 1).data());
        }
        assertThat(events.get(events.size() - 1).json().getString("text"))
            .isEqualTo(messages.get(messages.size() - 1).data()).contains("asked via " + asked.nodeId());
      }
    }
    String session = cookie.substring(cookie.indexOf('=') + 1);
    JsonObject history = Http.get(api(nodeB, "/sessions/" + session)).json();
    assertThat(history.getInteger("message_count")).as("one conversation, whichever node was asked").isEqualTo(4);
    onA.close();
    onC.close();
  }

  @Test
  void seed002StreamOpenedLateOnAnotherNodeGetsEveryTokenOnceThenOnlyNewTurns() throws Exception {
    Http.Reply accepted = post(nodeA, "/api/streaming?channel=late", new JsonObject().put("prompt", "tell me late"),
        null, KEY);
    assertThat(accepted.status()).isEqualTo(202);
    awaitMessages(accepted.json().getString("conversation_id"), 2);

    EventStream onB = EventStream.get(api(nodeB, "/api/streaming?channel=late"));
    List<Event> first = onB.until("end");
    assertTokensOnce(first, accepted.json().getString("message_id"));
    onB.close();

    Http.Reply next = post(nodeC, "/api/streaming?channel=late", new JsonObject().put("prompt", "and now?"), null, KEY);
    EventStream again = EventStream.get(api(nodeB, "/api/streaming?channel=late"));
    List<Event> second = again.until("end");
    assertTokensOnce(second, next.json().getString("message_id"));
    assertThat(second.get(second.size() - 1).json().getString("text")).contains("and now?");
    again.close();

    // Another key's channel of the same name is another channel: it has nothing of these turns. (Its
    // conversation is named: the channel's own, a session id, is the first key's.)
    Http.Reply bobs = post(nodeB, "/api/streaming?channel=late", new JsonObject().put("prompt", "bob here")
        .put("conversation_id", "bobs-late"), null, OTHER_KEY);
    assertThat(bobs.status()).as(bobs.body()).isEqualTo(202);
    EventStream bob = EventStream.get(nodeC.url("/api/streaming?channel=late&access_token=" + OTHER_KEY));
    List<Event> bobsEvents = bob.until("end");
    assertThat(bobsEvents).allSatisfy(e -> assertThat(e.id()).startsWith(bobs.json().getString("message_id")));
    bob.close();
  }

  @Test
  void aChannelStreamDroppedOnOneNodeResumesOnAnotherWithEveryTokenOnce() throws Exception {
    EventStream onB = EventStream.get(api(nodeB, "/api/streaming?channel=resume"));
    onB.awaitOpen();
    String turnId = post(nodeA, "/api/streaming?channel=resume", new JsonObject().put("prompt", MEDIUM), null, KEY)
        .json().getString("message_id");
    List<Event> received = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      received.add(onB.next());
    }
    onB.close();

    EventStream onC = EventStream.get(api(nodeC, "/api/streaming?channel=resume"),
        "Last-Event-ID", received.get(received.size() - 1).id());
    received.addAll(onC.until("end"));
    assertTokensOnce(received, turnId);
    onC.close();
  }

  @Test
  void aChannelWhoseNodeLeftIsKeptByAnotherNodeAndItsStreamsReconnectThere() throws Exception {
    ClusterNode leaving = ClusterNode.start(cluster, keys());
    Http.Reply first = post(leaving, "/api/streaming?channel=orphan", new JsonObject().put("prompt", "first"), null, KEY);
    assertThat(first.status()).isEqualTo(202);
    awaitMessages(first.json().getString("conversation_id"), 2);
    EventStream onA = EventStream.get(api(nodeA, "/api/streaming?channel=orphan"));
    assertTokensOnce(onA.until("end"), first.json().getString("message_id"));

    leaving.close();
    assertThat(onA.rest()).as("the stream read through the node that left is cut, so its client reconnects").isEmpty();

    Http.Reply second = post(nodeB, "/api/streaming?channel=orphan", new JsonObject().put("prompt", "second"), null, KEY);
    assertThat(second.status()).isEqualTo(202);
    EventStream reconnected = EventStream.get(api(nodeA, "/api/streaming?channel=orphan"));
    List<Event> events = reconnected.until("end");
    assertTokensOnce(events, second.json().getString("message_id"));
    assertThat(events.get(events.size() - 1).json().getString("text")).contains("second");
    reconnected.close();
  }

  @Test
  void aChannelOfAStoppingNodeIsKeptByTheNextNodeItsPageAsks() throws Exception {
    ClusterNode stopping = ClusterNode.start(cluster, Map.of("GATEWAY_API_KEYS", KEY, "DRAIN_SECONDS", "1"));
    Http.Reply first = post(stopping, "/api/streaming?channel=moving", new JsonObject().put("prompt", "first"), null, KEY);
    assertThat(first.status()).isEqualTo(202);
    awaitMessages(first.json().getString("conversation_id"), 2);

    stopping.gateway().drain().await();
    Http.Reply during = post(nodeA, "/api/streaming?channel=moving", new JsonObject().put("prompt", "second"), null, KEY);
    assertThat(during.status()).as("not refused by the stopping node: " + during.body()).isEqualTo(202);
    EventStream onB = EventStream.get(api(nodeB, "/api/streaming?channel=moving"));
    assertTokensOnce(onB.until("end"), during.json().getString("message_id"));
    onB.close();
    stopping.close();
  }

  @Test
  void aTurnAskedThroughAnotherNodeIntoASessionAwaitingToolResultsIsRefusedInTheNativeWords() throws Exception {
    JsonObject weather = new JsonObject().put("type", "function").put("function", new JsonObject()
        .put("name", "get_weather").put("parameters", new JsonObject().put("type", "object")));
    List<Event> called = EventStream.post(api(nodeA, "/chat/stream"), new JsonObject().put("message", "Paris")
        .put("tools", new JsonArray().add(weather))).rest();
    String session = called.get(called.size() - 1).json().getString("session_id");
    assertThat(post(nodeA, "/api/streaming?channel=tools", new JsonObject().put("prompt", "hello"), null, KEY).status())
        .as("the channel is kept by A").isEqualTo(202);

    Http.Reply refused = post(nodeB, "/api/streaming?channel=tools", new JsonObject().put("prompt", "and?")
        .put("conversation_id", session), null, KEY);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("message")).isEqualTo("The session's last answer"
        + " called 'call_mock_get_weather' (get_weather): send its result as 'tool_results' (with this message or"
        + " without one) before the conversation goes on");
  }

  private static Map<String, String> keys() {
    return Map.of("GATEWAY_API_KEYS", KEY + "," + OTHER_KEY, "MOCK_DELAY_MS", "5");
  }

  /** newToken events numbered 1…n of one turn, which together are its stored answer, then its end. */
  private static void assertTokensOnce(List<Event> events, String turnId) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size() - 1; i++) {
      assertThat(events.get(i).type()).isEqualTo("newToken");
      assertThat(events.get(i).id()).isEqualTo(turnId + ":" + (i + 1));
      text.append(events.get(i).data());
    }
    JsonObject end = events.get(events.size() - 1).json();
    assertThat(events.get(events.size() - 1).id()).isEqualTo(turnId + ":" + events.size());
    assertThat(end.getString("turn_id")).isEqualTo(turnId);
    assertThat(text.toString()).isEqualTo(end.getString("text"));
    String stored = Http.get(api(nodeC, "/sessions/" + end.getString("session_id"))).json().getJsonArray("messages")
        .stream().map(JsonObject.class::cast).filter(m -> "assistant".equals(m.getString("role")))
        .reduce((a, b) -> b).orElseThrow().getString("content");
    assertThat(stored).isEqualTo(end.getString("text"));
  }

  private static void awaitMessages(String session, int count) {
    Eventually.within(Duration.ofSeconds(10)).until("session " + session + " to reach " + count + " messages",
        () -> Http.get(api(nodeC, "/sessions/" + session)),
        reply -> reply.status() == 200 && reply.json().getInteger("message_count") >= count);
  }

  private static String api(ClusterNode node, String path) {
    return node.url(path) + (path.contains("?") ? "&" : "?") + "access_token=" + KEY;
  }

  private static Http.Reply post(ClusterNode node, String path, JsonObject body, String cookie, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url(path)))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return Http.send(request);
  }
}
