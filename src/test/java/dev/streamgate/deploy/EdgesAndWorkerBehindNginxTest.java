package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Http;
import dev.streamgate.support.NginxFront;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Edge-only and upstream-only nodes working together behind the real nginx: two edges
 * ({@code ROLES=http}) in nginx's upstream block and one worker ({@code ROLES=sessions,upstream}) that
 * nginx never sees, which therefore keeps every session and makes every model call.
 */
@Tag("cluster")
@Tag("nginx")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EdgesAndWorkerBehindNginxTest {

  /** About 0.8 s of answer (the mock answers 5 ms a word). */
  private static final String MEDIUM = "word ".repeat(130);

  private static ClusterNode worker;
  private static ClusterNode edgeA;
  private static ClusterNode edgeB;
  private static NginxFront nginx;

  @BeforeAll
  static void startCluster() {
    String cluster = ClusterNode.uniqueClusterName();
    worker = ClusterNode.start(cluster, Map.of("ROLES", "sessions,upstream", "MOCK_DELAY_MS", "5"));
    edgeA = ClusterNode.start(cluster, Map.of("ROLES", "http"));
    edgeB = ClusterNode.start(cluster, Map.of("ROLES", "http"));
    nginx = NginxFront.start(Path.of("target", "edges-nginx").toAbsolutePath(),
        List.of(edgeA.gateway().port(), edgeB.gateway().port()));
  }

  @AfterAll
  static void stopCluster() {
    if (nginx != null) {
      nginx.close();
    }
    for (ClusterNode node : new ClusterNode[] {edgeB, edgeA, worker}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void aConversationThroughBothEdgesIsAnsweredAndKeptByTheWorker() throws Exception {
    String sessionId = null;
    Set<String> edges = new TreeSet<>();
    for (int turn = 1; turn <= 4; turn++) {
      JsonObject body = new JsonObject().put("message", "turn " + turn + " via an edge").put("session_id", sessionId);
      List<Event> events = EventStream.post(nginx.url("/chat/stream"), body).rest();
      JsonObject complete = events.get(events.size() - 1).json();
      assertThat(complete.getString("type")).as(events.toString()).isEqualTo("complete");
      assertThat(complete.getInteger("message_count")).isEqualTo(2 * turn);
      sessionId = complete.getString("session_id");
      String turnId = complete.getString("turn_id");
      edges.add(turnId.substring(turnId.indexOf('.') + 1));
    }
    assertThat(edges).as("nginx used both edges").containsExactlyInAnyOrder(edgeA.nodeId(), edgeB.nodeId());
    JsonArray history = Http.get(edgeA.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(history).hasSize(8);
    assertThat(history.getJsonObject(7).getString("content")).startsWith("This is turn 4 of our conversation.");
    JsonObject listed = Http.get(edgeB.url("/sessions")).json(); // made on the worker, sent over the cluster
    assertThat(listed.getJsonArray("sessions").stream().map(s -> ((JsonObject) s).getString("session_id")))
        .contains(sessionId);
    assertThat(listed.getInteger("total")).isEqualTo(listed.getJsonArray("sessions").size());
    JsonObject health = Http.get(edgeB.url("/health")).json();
    assertThat(health.getJsonArray("roles").getList()).containsExactly("http");
    assertThat(health.getJsonObject("cluster").getInteger("nodes")).isEqualTo(3);
  }

  @Test
  void aStreamDroppedOnOneEdgeResumesThroughTheOtherWithEveryTokenOnce() throws Exception {
    List<Event> received = new ArrayList<>();
    try (EventStream stream = EventStream.post(nginx.url("/chat/stream"), new JsonObject().put("message", MEDIUM))) {
      for (int i = 0; i < 6; i++) {
        received.add(stream.next());
      }
    }
    String turnId = received.get(0).json().getString("turn_id");
    ClusterNode other = turnId.endsWith("." + edgeA.nodeId()) ? edgeB : edgeA;
    received.addAll(EventStream.get(other.url("/streams/" + turnId), "Last-Event-ID", received.get(5).id()).rest());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < received.size(); i++) {
      assertThat(received.get(i).id()).isEqualTo(Integer.toString(i + 1));
      JsonObject event = received.get(i).json();
      if ("chunk".equals(event.getString("type"))) {
        text.append(event.getString("text", ""));
      }
    }
    JsonObject complete = received.get(received.size() - 1).json();
    assertThat(complete.getString("type")).isEqualTo("complete");
    String stored = Http.get(nginx.url("/sessions/" + complete.getString("session_id"))).json()
        .getJsonArray("messages").getJsonObject(1).getString("content");
    assertThat(text.toString()).isEqualTo(stored).contains("You said:");
  }
}
