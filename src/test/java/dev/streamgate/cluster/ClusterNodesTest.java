package dev.streamgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three clustered nodes in one JVM on loopback, one Hazelcast cluster: two full nodes, an edge node
 * (http only) and a worker node (sessions and upstream). Sessions are shared through the cluster and
 * chunks cross nodes to the HTTP verticle of their turn.
 */
@Tag("cluster")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterNodesTest {

  private static ClusterNode nodeA;
  private static ClusterNode nodeB;
  private static ClusterNode edge;
  private static ClusterNode worker;

  @BeforeAll
  static void startCluster() {
    String cluster = ClusterNode.uniqueClusterName();
    nodeA = ClusterNode.start(cluster, Map.of());
    nodeB = ClusterNode.start(cluster, Map.of());
    worker = ClusterNode.start(cluster, Map.of("ROLES", "sessions,upstream"));
    edge = ClusterNode.start(cluster, Map.of("ROLES", "http"));
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
    JsonObject first = chat(nodeA.url("/chat/stream"), new JsonObject().put("message", "first on A"));
    String sessionId = first.getString("session_id");
    assertThat(first.getInteger("message_count")).isEqualTo(2);

    JsonObject second = chat(nodeB.url("/chat/stream"),
        new JsonObject().put("session_id", sessionId).put("message", "second on B"));
    assertThat(second.getString("session_id")).isEqualTo(sessionId);
    assertThat(second.getInteger("message_count")).isEqualTo(4);

    JsonArray history = Http.get(nodeA.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(history.stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .hasSize(4).contains("first on A", "second on B");
    assertThat(history.getJsonObject(3).getString("content")).contains("turn 2", "second on B");
  }

  @Test
  void anEdgeNodeStreamsAnAnswerGeneratedOnAWorkerNode() throws Exception {
    try (EventStream stream = EventStream.post(edge.url("/chat/stream"), new JsonObject().put("message", "via edge"))) {
      List<EventStream.Event> events = stream.rest();
      JsonObject complete = events.get(events.size() - 1).json();
      assertThat(complete.getString("type")).as(events.toString()).isEqualTo("complete");
      String answer = events.stream().map(EventStream.Event::json).filter(e -> "chunk".equals(e.getString("type")))
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
    assertThat(cluster.getString("node_id")).isNotBlank();
    assertThat(health.getString("status")).isEqualTo("healthy");
  }

  private static JsonObject chat(String url, JsonObject body) throws Exception {
    try (EventStream stream = EventStream.post(url, body)) {
      List<EventStream.Event> events = stream.rest();
      JsonObject last = events.get(events.size() - 1).json();
      assertThat(last.getString("type")).as(events.toString()).isEqualTo("complete");
      return last;
    }
  }
}
