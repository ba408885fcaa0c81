package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bound on what a clustered node holds of the cluster's sessions ({@code SESSION_MEMORY_MB}, as
 * Hazelcast counts the map's partitions and backups in the node's heap), through real HTTP on two
 * clustered nodes: once the sessions reach it, new sessions are refused with 507 on both (each holds
 * all of them, its partitions and the other's backups), sessions held keep taking turns on either, and
 * deleting sessions makes room again.
 */
@Tag("cluster")
class ClusterSessionBudgetTest {

  /** A turn of this message keeps about 40 KB in the map (the message and the mock's echo, as UTF-8 JSON). */
  private static final String LONG = "x".repeat(20_000);
  private static final Map<String, String> BOUND = Map.of("SESSION_MEMORY_MB", "1", "MOCK_DELAY_MS", "0");

  private final List<ClusterNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
  }

  @Test
  void aNodeHoldingItsBoundRefusesNewSessionsAndKeepsServingHeldOnes() throws Exception {
    String cluster = ClusterNode.uniqueClusterName();
    nodes.add(ClusterNode.start(cluster, BOUND));
    nodes.add(ClusterNode.start(cluster, BOUND));
    ClusterNode first = nodes.get(0);
    ClusterNode second = nodes.get(1);

    List<String> held = new ArrayList<>();
    Http.Reply refused = Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(100)).until(
        "a new session refused once the sessions fill 1 MB", () -> {
          Http.Reply reply = Http.postJson(first.url("/chat/stream"), new JsonObject().put("message", LONG).encode());
          if (reply.status() == 200) {
            held.add(sessionOf(reply.body()));
          }
          return reply;
        }, reply -> reply.status() != 200);
    assertThat(refused.status()).isEqualTo(507);
    assertThat(held.size()).as("about 1 MB of 40 KB sessions, and what a second's reading lets past").isBetween(15, 200);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("session_store_full");
    assertThat(error.getString("message")).contains("SESSION_MEMORY_MB", "DELETE /sessions/{id}");
    Eventually.within(Duration.ofSeconds(10)).until("the other node, which holds as much, refusing too (once it"
        + " reads what it holds, each second)", () -> Http.postJson(second.url("/sessions/new"), "{}").status() == 507);

    Turn more = Turn.run(second.url("/chat/stream"), new JsonObject().put("session_id", held.get(0))
        .put("message", "Still there?"));
    assertThat(more.complete().getInteger("message_count")).as("a held session still takes turns").isEqualTo(4);

    held.forEach(id -> assertThat(Http.delete(first.url("/sessions/" + id)).status()).isEqualTo(200));
    Eventually.within(Duration.ofSeconds(10)).until("room again once the sessions are deleted",
        () -> Http.postJson(second.url("/sessions/new"), "{}").status() == 200);
  }

  /** The session of a whole {@code /chat/stream} answer: its first event, {@code session_info}, names it. */
  private static String sessionOf(String stream) {
    String first = stream.lines().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
    return new JsonObject(first.substring("data: ".length())).getString("session_id");
  }
}
