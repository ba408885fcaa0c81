package dev.streamgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.Http;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Four clustered nodes in one JVM on loopback, one Hazelcast cluster, API keys on: two full nodes, an
 * edge node (http only) and a worker node (sessions and upstream). Sessions are shared through the
 * cluster, chunks cross nodes to the HTTP verticle of their turn, and a turn is read back or stopped
 * through any node. The worker is drained last.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterNodesTest {

  private static final String KEY = "sk-cluster-alice-0123";
  private static final String OTHER_KEY = "sk-cluster-bob-45678";
  /** A question this long makes the mock's answer last about 2 s (5 ms a word). */
  private static final String LONG = "word ".repeat(400);
  /** About 0.8 s of answer. */
  private static final String MEDIUM = "word ".repeat(130);

  private static ClusterNode nodeA;
  private static ClusterNode nodeB;
  private static ClusterNode edge;
  private static ClusterNode worker;

  @BeforeAll
  static void startCluster() {
    String cluster = ClusterNode.uniqueClusterName();
    Map<String, String> keys = Map.of("GATEWAY_API_KEYS", KEY + "," + OTHER_KEY);
    nodeA = ClusterNode.start(cluster, keys);
    nodeB = ClusterNode.start(cluster, keys);
    worker = ClusterNode.start(cluster, Map.of("ROLES", "sessions,upstream", "DRAIN_SECONDS", "1"));
    edge = ClusterNode.start(cluster, Map.of("ROLES", "http", "GATEWAY_API_KEYS", KEY + "," + OTHER_KEY));
  }

  @AfterAll
  static void stopCluster() {
    for (ClusterNode node : new ClusterNode[] {edge, worker, nodeB, nodeA}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void aSessionStartedOnOneNodeIsContinuedOnAnother() throws Exception {
    JsonObject first = chat(api(nodeA, "/chat/stream"), new JsonObject().put("message", "first on A"));
    String sessionId = first.getString("session_id");
    assertThat(first.getInteger("message_count")).isEqualTo(2);

    JsonObject second = chat(api(nodeB, "/chat/stream"),
        new JsonObject().put("session_id", sessionId).put("message", "second on B"));
    assertThat(second.getString("session_id")).isEqualTo(sessionId);
    assertThat(second.getInteger("message_count")).isEqualTo(4);

    JsonArray history = Http.get(api(nodeA, "/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(history.stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .hasSize(4).contains("first on A", "second on B");
    assertThat(history.getJsonObject(3).getString("content")).contains("turn 2", "second on B");
  }

  @Test
  void anEdgeNodeStreamsAnAnswerGeneratedOnAWorkerNode() throws Exception {
    try (EventStream stream = EventStream.post(api(edge, "/chat/stream"), new JsonObject().put("message", "via edge"))) {
      List<Event> events = stream.rest();
      JsonObject complete = events.get(events.size() - 1).json();
      assertThat(complete.getString("type")).as(events.toString()).isEqualTo("complete");
      String answer = events.stream().map(Event::json).filter(e -> "chunk".equals(e.getString("type")))
          .map(e -> e.getString("text")).reduce("", String::concat);
      assertThat(answer).contains("You said: \"via edge\"");
      assertThat(complete.getInteger("total_chunks")).isGreaterThan(10);
      assertThat(complete.getInteger("message_count")).isEqualTo(2);
    }
  }

  @Test
  void healthReportsMembershipAndRoles() {
    JsonObject health = Http.get(edge.url("/health")).json();
    assertThat(health.getJsonArray("roles").getList()).containsExactly("http");
    JsonObject cluster = health.getJsonObject("cluster");
    assertThat(cluster.getBoolean("enabled")).isTrue();
    assertThat(cluster.getInteger("nodes")).isEqualTo(4);
    assertThat(cluster.getString("node_id")).isEqualTo(edge.nodeId());
    assertThat(health.getString("status")).isEqualTo("healthy");
  }

  @Test
  void aTurnIsReadBackThroughAnotherNodeWithTheSameIdsAndBytes() throws Exception {
    List<Event> original = EventStream.post(api(nodeA, "/chat/stream"), new JsonObject().put("message", "read me back"))
        .rest();
    String turnId = original.get(0).json().getString("turn_id");
    assertThat(turnId).as("the turn id names the node that ran it").endsWith("." + nodeA.nodeId());

    List<Event> again = EventStream.get(api(nodeB, "/streams/" + turnId), "Last-Event-ID", "2").rest();
    assertThat(again).isEqualTo(original.subList(2, original.size()));
    String lastId = original.get(original.size() - 1).id();
    assertThat(send(api(nodeB, "/streams/" + turnId + "?after=" + lastId), KEY, "GET").status())
        .as("nothing after the last event").isEqualTo(204);

    Http.Reply otherKey = send(nodeB.url("/streams/" + turnId), OTHER_KEY, "GET");
    assertThat(otherKey.status()).as("another key's turn").isEqualTo(404);
    assertThat(otherKey.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
    assertThat(send(api(nodeB, "/streams/" + UUID.randomUUID() + "." + nodeA.nodeId()), KEY, "GET").status())
        .as("unknown on its node").isEqualTo(404);
    assertThat(send(api(nodeB, "/streams/" + UUID.randomUUID() + "." + UUID.randomUUID()), KEY, "GET").status())
        .as("a node that is not in the cluster").isEqualTo(404);
  }

  @Test
  void aRunningTurnIsStoppedThroughAnotherNode() throws Exception {
    EventStream stream = EventStream.post(api(nodeA, "/chat/stream"), new JsonObject().put("message", LONG));
    String turnId = stream.next().json().getString("turn_id");
    stream.next();
    stream.next();
    assertThat(send(nodeB.url("/streams/" + turnId), OTHER_KEY, "DELETE").status()).as("another key's").isEqualTo(404);
    assertThat(send(nodeB.url("/streams/" + turnId), KEY, "DELETE").json().getBoolean("stopped")).isTrue();

    List<Event> rest = stream.rest();
    JsonObject last = rest.get(rest.size() - 1).json();
    assertThat(last.getString("code")).isEqualTo("stopped");
    assertThat(send(nodeB.url("/streams/" + turnId), KEY, "DELETE").json().getBoolean("stopped")).isFalse();
  }

  @Test
  void aStreamDroppedOnTheEdgeNodeIsResumedThroughAFullNode() throws Exception {
    List<Event> received = new ArrayList<>();
    try (EventStream stream = EventStream.post(api(edge, "/chat/stream"), new JsonObject().put("message", MEDIUM))) {
      for (int i = 0; i < 5; i++) {
        received.add(stream.next());
      }
    }
    String turnId = received.get(0).json().getString("turn_id");
    received.addAll(EventStream.get(api(nodeA, "/streams/" + turnId + "?after=5")).rest());
    for (int i = 0; i < received.size(); i++) {
      assertThat(received.get(i).id()).isEqualTo(Integer.toString(i + 1));
    }
    assertThat(received.get(received.size() - 1).json().getString("type")).isEqualTo("complete");
  }

  @Test
  void anEventSourceReconnectingToAnotherNodeGetsTheRestOfItsAnswerThen204() throws Exception {
    List<Event> received = new ArrayList<>();
    try (EventStream stream = EventStream.get(api(nodeA, "/events?message=" + MEDIUM.replace(' ', '+')))) {
      for (int i = 0; i < 4; i++) {
        received.add(stream.next());
      }
    }
    String lastId = received.get(3).id();
    received.addAll(EventStream.get(api(nodeB, "/events?message=ignored"), "Last-Event-ID", lastId).rest());
    String turnId = lastId.substring(0, lastId.lastIndexOf(':'));
    for (int i = 0; i < received.size(); i++) {
      assertThat(received.get(i).id()).as("the welcome is the turn's start, :0").isEqualTo(turnId + ":" + i);
    }
    JsonObject done = received.get(received.size() - 1).json();
    assertThat(done.getString("event")).isEqualTo("done");
    String tokens = received.subList(1, received.size() - 1).stream().map(e -> e.json().getString("data"))
        .reduce("", String::concat);
    assertThat(done.getJsonObject("data").getString("text")).isEqualTo(tokens);
    Http.Reply again = Http.send(HttpRequest.newBuilder(URI.create(api(nodeB, "/events?message=ignored")))
        .header("Last-Event-ID", received.get(received.size() - 1).id()));
    assertThat(again.status()).as("read to the end: 204 stops an EventSource").isEqualTo(204);
  }

  /**
   * The edge's turns go round-robin to the three nodes with the upstream role, so of three turns one
   * runs on the worker: that one ends with a shutdown error when the worker drains (1 s), the others
   * complete; turns begun during the drain are refused by the worker and taken by the other nodes.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aDrainingWorkerEndsItsTurnsCleanlyWhileTheEdgeGoesOnWithTheOtherNodes() throws Exception {
    List<EventStream> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      EventStream stream = EventStream.post(api(edge, "/chat/stream"), new JsonObject().put("message", LONG));
      for (int event = 0; event < 3; event++) {
        stream.next(); // session_info, status, a first chunk: an upstream verticle has taken the turn
      }
      running.add(stream);
    }
    Future<Void> drained = worker.gateway().drain();
    for (int i = 0; i < 3; i++) {
      JsonObject during = chat(api(edge, "/chat/stream"), new JsonObject().put("message", "during the drain"));
      assertThat(during.getString("type")).isEqualTo("complete");
    }
    drained.await();

    List<String> ends = new ArrayList<>();
    for (EventStream stream : running) {
      List<Event> rest = stream.rest();
      JsonObject last = rest.get(rest.size() - 1).json();
      ends.add(last.getString("type").equals("error") ? last.getString("code") : last.getString("type"));
      if (last.getString("type").equals("error")) {
        JsonObject reply = Http.get(api(edge, "/sessions/" + last.getString("session_id"))).json()
            .getJsonArray("messages").getJsonObject(1);
        assertThat(reply.getBoolean("interrupted")).isTrue();
      }
    }
    assertThat(ends).containsExactlyInAnyOrder("shutdown", "complete", "complete");
  }

  @Test
  void aResponsesStreamIsResumedAfterASequenceNumberThroughAnotherNodeAndContinuedOnAThird() throws Exception {
    List<Event> received = new ArrayList<>();
    try (EventStream stream = EventStream.post(api(nodeA, "/v1/responses"), new JsonObject().put("input", MEDIUM)
        .put("stream", true))) {
      for (int i = 0; i < 6; i++) {
        received.add(stream.next());
      }
    }
    String id = received.get(0).json().getJsonObject("response").getString("id");
    long seen = received.get(5).json().getLong("sequence_number");
    received.addAll(EventStream.get(api(nodeB, "/v1/responses/" + id + "?stream=true&starting_after=" + seen)).rest());
    assertThat(received.stream().map(e -> e.json().getLong("sequence_number")).toList())
        .as("every event once, in order").isEqualTo(LongStream.range(0, received.size()).boxed().toList());
    assertThat(received.stream().map(Event::type).toList()).allSatisfy(type -> assertThat(type).startsWith("response."));
    JsonObject completed = received.get(received.size() - 1).json();
    assertThat(completed.getString("type")).isEqualTo("response.completed");
    String streamed = received.stream().filter(e -> "response.output_text.delta".equals(e.type()))
        .map(e -> e.json().getString("delta")).collect(Collectors.joining());
    assertThat(streamed).contains("You said: \"word word").isEqualTo(completed.getJsonObject("response")
        .getJsonArray("output").getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"));

    JsonObject next = Http.postJson(api(edge, "/v1/responses"), new JsonObject().put("input", "and on the edge")
        .put("previous_response_id", id).encode()).json();
    assertThat(next.getJsonArray("output").getJsonObject(0).getJsonArray("content").getJsonObject(0).getString("text"))
        .as("the conversation, read from the cluster's store").startsWith("This is turn 2 of our conversation.");
    assertThat(send(nodeB.url("/v1/responses/" + id), OTHER_KEY, "GET").status()).as("another key's").isEqualTo(404);
    assertThat(send(nodeA.url("/v1/responses/" + next.getString("id")), KEY, "GET").json().getString("status"))
        .isEqualTo("completed");
  }

  @Test
  void aBackgroundResponseWhoseNodeLeftMidTurnIsReadBackFailedNotInProgressForEver() throws Exception {
    String cluster = nodeA.hazelcast().getConfig().getClusterName();
    ClusterNode leaving = ClusterNode.start(cluster, Map.of("GATEWAY_API_KEYS", KEY));
    String id;
    try {
      JsonObject queued = Http.postJson(api(leaving, "/v1/responses"), new JsonObject().put("input", LONG)
          .put("background", true).encode()).json();
      assertThat(queued.getString("status")).isEqualTo("queued");
      id = queued.getString("id");
      assertThat(send(nodeA.url("/v1/responses/" + id), KEY, "GET").json().getString("status"))
          .isIn("queued", "in_progress");
    } finally {
      leaving.close(); // mid-turn: the answer takes about 2 s
    }
    // Once the cluster has seen the node go (at once when it leaves cleanly, within 4 s here when it dies).
    JsonObject lost = Eventually.within(Duration.ofSeconds(10)).until("the response no longer running",
        () -> send(nodeA.url("/v1/responses/" + id), KEY, "GET").json(),
        r -> !List.of("queued", "in_progress").contains(r.getString("status")));
    assertThat(lost.getString("status")).isEqualTo("failed");
    assertThat(lost.getJsonObject("error").getString("code")).isEqualTo("node_lost");
    assertThat(send(nodeB.url("/v1/responses/" + id + "/cancel"), KEY, "POST").json().getString("status"))
        .as("nothing left to stop: answered as it stands").isEqualTo("failed");
  }

  @Test
  void toolResultsRefusedByAnotherNodesSessionServiceAreWordedByEachDialectOfTheEdge() throws Exception {
    JsonObject parameters = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("city", new JsonObject().put("type", "string")));
    String session = chat(api(edge, "/chat/stream"), new JsonObject().put("message", "Paris").put("tools",
        new JsonArray().add(new JsonObject().put("type", "function").put("function", new JsonObject()
            .put("name", "get_weather").put("parameters", parameters))))).getString("session_id");
    JsonObject wrong = Http.postJson(api(edge, "/chat/stream"), new JsonObject().put("session_id", session)
        .put("tool_results", new JsonArray().add(new JsonObject().put("tool_call_id", "call_other")
            .put("content", "x"))).encode()).json().getJsonObject("error");
    assertThat(wrong.getString("message")).isEqualTo("'tool_results[0].tool_call_id' is 'call_other', which is not a"
        + " call of the session's last assistant message awaiting its result (those are: call_mock_get_weather)");

    JsonObject called = Http.postJson(api(edge, "/v1/responses"), new JsonObject().put("input", "Rome")
        .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("name", "get_weather")
            .put("parameters", parameters))).encode()).json();
    JsonObject owed = Http.postJson(api(edge, "/v1/responses"), new JsonObject().put("input", "and?")
        .put("previous_response_id", called.getString("id")).encode()).json().getJsonObject("error");
    assertThat(owed.getString("param")).isEqualTo("input");
    assertThat(owed.getString("message")).isEqualTo("The session's last answer called 'call_mock_get_weather'"
        + " (get_weather): send its result as function_call_output items of 'input' before the conversation goes on");
  }

  private static JsonObject chat(String url, JsonObject body) throws Exception {
    try (EventStream stream = EventStream.post(url, body)) {
      List<Event> events = stream.rest();
      JsonObject last = events.get(events.size() - 1).json();
      assertThat(last.getString("type")).as(events.toString()).isEqualTo("complete");
      return last;
    }
  }

  /** An API URL of {@code node} with the key as EventSource clients send it. */
  private static String api(ClusterNode node, String path) {
    return node.url(path) + (path.contains("?") ? "&" : "?") + "access_token=" + KEY;
  }

  private static Http.Reply send(String url, String key, String method) {
    return Http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }
}
