package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.Http;
import dev.streamgate.support.NginxFront;
import dev.streamgate.support.ClusterNodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three clustered nodes behind the real nginx running {@code conf/nginx.conf}: one in this JVM (A) and
 * two in their own JVMs, started as a user starts them: one is killed (SIGKILL) mid-conversation, the
 * other stopped (SIGTERM) while it streams. The destructive tests run last.
 */
@Tag("cluster")
@Tag("nginx")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterBehindNginxTest {

  private static final Path DIR = Path.of("target", "cluster-nginx").toAbsolutePath();
  /** 25 ms a word: the mock's usual answer (30 words and the question) takes about 0.8 s. */
  private static final Map<String, String> ENV = Map.of("MOCK_DELAY_MS", "25", "GRACE_SECONDS", "10");

  private static ClusterNode nodeA;
  private static ClusterNodeProcess killed;
  private static ClusterNodeProcess drained;
  private static NginxFront nginx;

  @BeforeAll
  static void startCluster() {
    String cluster = ClusterNode.uniqueClusterName();
    Path config = ClusterNode.configFile(cluster, DIR);
    // One after the other: members that start together take several times longer to agree on a cluster.
    nodeA = ClusterNode.start(cluster, ENV);
    killed = ClusterNodeProcess.start("killed", DIR, config, ENV).awaitHealthy(Duration.ofSeconds(60));
    drained = ClusterNodeProcess.start("drained", DIR, config, with(ENV, "DRAIN_SECONDS", "3")).awaitHealthy(Duration.ofSeconds(60));
    nginx = NginxFront.start(DIR.resolve("nginx"), List.of(nodeA.gateway().port(), killed.port(), drained.port()));
  }

  @AfterAll
  static void stopCluster() {
    if (nginx != null) {
      nginx.close();
    }
    for (AutoCloseable node : new AutoCloseable[] {killed, drained, nodeA}) {
      try {
        if (node != null) {
          node.close();
        }
      } catch (Exception e) {
        // the others still close
      }
    }
  }

  @Test
  @Order(1)
  void aConversationContinuesAcrossNodesThroughNginx() throws Exception {
    String sessionId = null;
    Set<String> nodes = new TreeSet<>();
    for (int turn = 1; turn <= 4; turn++) {
      JsonObject body = new JsonObject().put("message", "turn " + turn + " via nginx").put("session_id", sessionId);
      List<Event> events = EventStream.post(nginx.url("/chat/stream"), body).rest();
      JsonObject complete = last(events);
      assertThat(complete.getString("type")).as(events.toString()).isEqualTo("complete");
      assertThat(complete.getInteger("message_count")).isEqualTo(2 * turn);
      sessionId = complete.getString("session_id");
      nodes.add(home(complete.getString("turn_id")));
    }
    assertThat(nodes).as("nginx spread the turns over several nodes").hasSizeGreaterThan(1);
    JsonArray history = Http.get(nginx.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(history).hasSize(8);
    assertThat(history.getJsonObject(6).getString("content")).isEqualTo("turn 4 via nginx");
    assertThat(history.getJsonObject(7).getString("content")).startsWith("This is turn 4 of our conversation.");
  }

  @Test
  @Order(2)
  void anAnswerThroughNginxArrivesInPiecesWhileItIsGenerated() throws Exception {
    EventStream stream = EventStream.post(nginx.url("/chat/stream"), new JsonObject().put("message", "pieces"));
    List<Long> chunkArrivals = new ArrayList<>();
    long completeAt = 0;
    for (Event e = stream.next(); e != null; e = stream.next()) {
      if (isChunk(e)) {
        chunkArrivals.add(System.nanoTime());
      } else if ("complete".equals(e.json().getString("type"))) {
        completeAt = System.nanoTime();
      }
    }
    assertThat(chunkArrivals).hasSizeGreaterThan(25);
    assertThat(TimeUnit.NANOSECONDS.toMillis(completeAt - chunkArrivals.get(0)))
        .as("the first chunk came through while the rest was being generated").isGreaterThan(500);
    assertThat(TimeUnit.NANOSECONDS.toMillis(chunkArrivals.get(16) - chunkArrivals.get(0)))
        .as("chunks arrived one by one, not in one buffered burst").isGreaterThan(250);
  }

  @Test
  @Order(3)
  void aClientThatDropsResumesOnAnotherNodeAndGetsEveryTokenExactlyOnce() throws Exception {
    List<Event> received = new ArrayList<>();
    try (EventStream stream = EventStream.post(nginx.url("/chat/stream"), new JsonObject().put("message", "drop me"))) {
      for (int i = 0; i < 7; i++) {
        received.add(stream.next()); // session_info, status, 5 chunks
      }
    }
    String turnId = received.get(0).json().getString("turn_id");
    String other = otherNodeThan(home(turnId));
    try (EventStream resumed = EventStream.get(other + "/streams/" + turnId + "?after=" + received.get(6).id())) {
      for (int i = 0; i < 6; i++) {
        received.add(resumed.next()); // replayed, then live
      }
    }
    // Dropped again: back through nginx, wherever it lands, with the header an EventSource sends.
    received.addAll(EventStream.get(nginx.url("/streams/" + turnId), "Last-Event-ID", last(received, 1).id()).rest());

    for (int i = 0; i < received.size(); i++) {
      assertThat(received.get(i).id()).as("event %d of %s", i, received).isEqualTo(Integer.toString(i + 1));
    }
    List<JsonObject> chunks = received.stream().filter(ClusterBehindNginxTest::isChunk).map(Event::json).toList();
    for (int i = 0; i < chunks.size(); i++) {
      assertThat(chunks.get(i).getInteger("chunk_number")).isEqualTo(i + 1);
    }
    JsonObject complete = last(received);
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getInteger("total_chunks")).isEqualTo(chunks.size());
    assertThat(text(received)).isEqualTo(storedReply(complete.getString("session_id"), 1)).endsWith("at work.");
  }

  /**
   * Seed 000's page through nginx: its EventSource and each of its POSTs may reach a different node;
   * the channel's node runs every turn, and every stream of the channel, on any node, gets each turn
   * once, in order; one dropped mid-answer resumes through nginx with Last-Event-ID.
   */
  @Test
  @Order(4)
  void anEventChannelWorksWhicheverNodeEachOfItsRequestsReaches() throws Exception {
    EventStream page = EventStream.get(nginx.url("/events"));
    String setCookie = page.awaitOpen().header("Set-Cookie");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    EventStream onA = EventStream.get(nodeA.url("/events"), "Cookie", cookie);
    onA.awaitOpen();

    Set<String> homes = new TreeSet<>();
    for (int turn = 1; turn <= 3; turn++) {
      String turnId = ask(cookie, "question " + turn + " via nginx");
      homes.add(home(turnId));
      for (EventStream stream : List.of(page, onA)) {
        List<Event> events = stream.until("done");
        for (int i = 0; i < events.size(); i++) {
          assertThat(events.get(i).id()).isEqualTo(turnId + ":" + (i + 1));
        }
        assertThat(events.get(events.size() - 2).data()).isEqualTo(events.get(events.size() - 1).json().getString("text"))
            .contains("question " + turn + " via nginx");
      }
    }
    assertThat(homes).as("the channel's node ran every turn, whichever node nginx gave the POST").hasSize(1);

    String turnId = ask(cookie, "a longer question " + "word ".repeat(40));
    List<Event> before = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      before.add(page.next());
    }
    page.close();
    List<Event> after = EventStream.get(nginx.url("/events"), "Cookie", cookie, "Last-Event-ID", before.get(4).id())
        .until("done");
    List<Event> all = new ArrayList<>(before);
    all.addAll(after);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).id()).isEqualTo(turnId + ":" + (i + 1));
    }
    String answer = all.get(all.size() - 1).json().getString("text");
    assertThat(all.get(all.size() - 2).data()).isEqualTo(answer);
    List<Event> onAll = onA.until("done");
    assertThat(onAll).extracting(Event::id).isEqualTo(all.stream().map(Event::id).toList());
    assertThat(onAll.get(onAll.size() - 2).data()).isEqualTo(answer);
    onA.close();
    String session = cookie.substring(cookie.indexOf('=') + 1);
    assertThat(Http.get(nginx.url("/sessions/" + session)).json().getInteger("message_count")).isEqualTo(8);
  }

  @Test
  @Order(98)
  void aNodeKilledMidConversationLosesNoCompletedTurn() throws Exception {
    String sessionId = sessionOwnedBy(killed.nodeId());
    for (int turn = 1; turn <= 2; turn++) {
      JsonObject body = new JsonObject().put("session_id", sessionId).put("message", "kept " + turn);
      assertThat(last(EventStream.post(nginx.url("/chat/stream"), body).rest()).getString("type")).isEqualTo("complete");
    }
    EventStream cut = EventStream.post(killed.url("/chat/stream"),
        new JsonObject().put("session_id", sessionId).put("message", "cut short " + "word ".repeat(60)));
    String turnId = cut.next().json().getString("turn_id");
    for (int i = 0; i < 4; i++) {
      cut.next();
    }
    EventStream throughA = EventStream.get(nodeA.url("/streams/" + turnId + "?after=5"));
    assertThat(throughA.next().id()).isEqualTo("6");
    killed.kill();
    assertThat(killed.awaitExit(Duration.ofSeconds(10))).isNotEqualTo(-1);
    assertThat(cut.rest()).as("the stream broke with its node").noneMatch(e -> e.json().getString("type").equals("complete"));
    List<Event> readThroughA = throughA.rest();
    assertThat(last(readThroughA).getString("code")).as("a reader on another node gets an end, not a hang")
        .isEqualTo("node_lost");

    // The session's primary copy was on the killed node; its backup answers once the cluster has noticed.
    JsonArray history = Http.get(nginx.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(history.stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .startsWith("kept 1").contains("kept 2").anyMatch(content -> content.startsWith("cut short"));
    assertThat(history.getJsonObject(3).getString("content")).startsWith("This is turn 2 of our conversation.");
    JsonObject next = last(EventStream.post(nginx.url("/chat/stream"),
        new JsonObject().put("session_id", sessionId).put("message", "after the kill")).rest());
    assertThat(next.getString("type")).isEqualTo("complete");
    assertThat(next.getInteger("message_count")).isEqualTo(7);
  }

  @Test
  @Order(99)
  void aStoppedNodeFinishesWhatItCanRefusesNewTurnsAndLeavesTheCluster() throws Exception {
    String drainedId = drained.nodeId();
    EventStream finishing = EventStream.post(drained.url("/chat/stream"), new JsonObject().put("message", "short"));
    // An answer of some 230 words, 6 s: more than the drain's 3 s. Its client drops and resumes through node A.
    EventStream cut = EventStream.post(drained.url("/chat/stream"), new JsonObject().put("message", "word ".repeat(200)));
    List<Event> got = new ArrayList<>(List.of(cut.next(), cut.next(), cut.next()));
    cut.close();
    String turnId = got.get(0).json().getString("turn_id");
    EventStream resumed = EventStream.get(nodeA.url("/streams/" + turnId + "?after=3"));
    got.add(resumed.next());

    drained.terminate();
    awaitStatus(drained.url("/health"), 503);
    assertThat(Http.get(drained.url("/health")).json().getString("status")).isEqualTo("draining");
    Http.Reply refused = Http.postJson(drained.url("/chat/stream"), "{\"message\":\"too late\"}");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("shutting_down");
    Http.Reply openAi = Http.postJson(drained.url("/v1/chat/completions"),
        "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"too late\"}]}");
    assertThat(openAi.status()).isEqualTo(503);
    assertThat(openAi.header("Retry-After")).isEqualTo("1");
    assertThat(openAi.json().getJsonObject("error").getString("code")).isEqualTo("shutting_down");
    for (int i = 0; i < 3; i++) {
      assertThat(last(EventStream.post(nginx.url("/chat/stream"), new JsonObject().put("message", "elsewhere")).rest())
          .getString("type")).as("nginx hands new turns to the other nodes").isEqualTo("complete");
    }
    assertThat(last(finishing.rest()).getString("type")).as("a running stream finishes during the drain")
        .isEqualTo("complete");

    got.addAll(resumed.rest());
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).id()).as("event %d of %s", i, got).isEqualTo(Integer.toString(i + 1));
    }
    JsonObject end = last(got);
    assertThat(end.getString("type")).isEqualTo("error");
    assertThat(end.getString("code")).isEqualTo("shutdown");
    JsonObject stored = Http.get(nginx.url("/sessions/" + end.getString("session_id"))).json()
        .getJsonArray("messages").getJsonObject(1);
    assertThat(stored.getBoolean("interrupted")).isTrue();
    assertThat(stored.getString("content")).startsWith("This is turn 1").isEqualTo(text(got));

    assertThat(drained.awaitExit(Duration.ofSeconds(30))).as("the node exits after the drain").isNotEqualTo(-1);
    awaitNotMember(drainedId);
    List<Event> handedOver = EventStream.get(nodeA.url("/streams/" + turnId)).rest();
    assertThat(handedOver).as("the turn read back through another node after its node left").isEqualTo(got);
  }

  // helpers

  /** A new session whose entry in the clustered map has its primary copy on {@code nodeId}. */
  private static String sessionOwnedBy(String nodeId) {
    for (int i = 0; i < 60; i++) {
      String id = Http.postJson(nginx.url("/sessions/new"), "{}").json().getString("session_id");
      if (nodeId.equals(ClusterNode.vertxNodeId(nodeA.hazelcast().getPartitionService().getPartition(id).getOwner()))) {
        return id;
      }
    }
    throw new AssertionError("no session landed on node " + nodeId);
  }

  private static void awaitStatus(String url, int status) {
    Eventually.within(Duration.ofSeconds(10)).until(url + " to answer " + status, () -> Http.get(url).status(),
        answered -> answered == status);
  }

  private static void awaitNotMember(String nodeId) {
    Eventually.within(Duration.ofSeconds(20)).until("node " + nodeId + " to leave the cluster", () -> nodeA.hazelcast()
        .getCluster().getMembers().stream().noneMatch(m -> nodeId.equals(ClusterNode.vertxNodeId(m))));
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(name, value);
    return all;
  }

  /** The cluster node id a turn id names (the node that ran it). */
  /** Seed 000's POST through nginx into the cookie's channel; the turn's id. */
  private static String ask(String cookie, String text) {
    Http.Reply accepted = Http.send(HttpRequest.newBuilder(URI.create(nginx.url("/conversation")))
        .header("Content-Type", "application/json").header("Cookie", cookie)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", text).encode())));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return accepted.json().getString("message_id");
  }

  private static String home(String turnId) {
    return turnId.substring(turnId.indexOf('.') + 1);
  }

  private static String otherNodeThan(String nodeId) {
    return nodeA.nodeId().equals(nodeId) ? killed.url("") : nodeA.url("");
  }

  /** A chunk event with text (not the final marker). */
  private static boolean isChunk(Event e) {
    return "chunk".equals(e.json().getString("type")) && !e.json().getBoolean("is_final");
  }

  private static JsonObject last(List<Event> events) {
    return events.get(events.size() - 1).json();
  }

  private static Event last(List<Event> events, int fromEnd) {
    return events.get(events.size() - fromEnd);
  }

  private static String text(List<Event> events) {
    return events.stream().filter(ClusterBehindNginxTest::isChunk).map(e -> e.json().getString("text"))
        .collect(Collectors.joining());
  }

  private static String storedReply(String sessionId, int index) {
    return Http.get(nginx.url("/sessions/" + sessionId)).json().getJsonArray("messages").getJsonObject(index)
        .getString("content");
  }
}
