package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.Http;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stored responses in the cluster's replicated map: turns are sent on the bus of an edge node
 * ({@code ROLES=http}), so every {@link dev.streamgate.bus.TurnBegin} and {@link dev.streamgate.bus.TurnEnd}
 * crosses to the full node as its JSON, and the sessions are read through both nodes. One cluster for
 * the class (a clustered node takes seconds to start).
 */
@Tag("cluster")
class ClusterStoredResponsesTest extends StoredResponsesContract {

  private static ClusterNode edge;
  private static ClusterNode full;

  @BeforeAll
  static void start() {
    String cluster = ClusterNode.uniqueClusterName();
    full = ClusterNode.start(cluster, ENV);
    Map<String, String> http = new HashMap<>(ENV);
    http.put("ROLES", "http");
    edge = ClusterNode.start(cluster, http);
  }

  @AfterAll
  static void stop() {
    for (ClusterNode node : new ClusterNode[] {edge, full}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Override
  Nodes nodes() {
    return new Nodes(edge.vertx().eventBus(), edge.url(""), full.url(""));
  }

  @Test
  void theMapEntryKeepsTheMetaAsJsonAndAChatSessionsEntryHasNone() {
    Nodes nodes = nodes();
    String response = respond(nodes, null, "Hi", "Hello!");
    String chat = Http.postJson(url(nodes.first(), "/sessions/new", ALICE), "{}").json().getString("session_id");
    AsyncMap<String, JsonObject> map = edge.vertx().sharedData().<String, JsonObject>getAsyncMap(
        ClusterSessionStore.MAP).await();

    JsonObject entry = map.get(response).await();
    assertThat(entry.getJsonObject("meta")).isEqualTo(response(response, "completed"));
    assertThat(ClusterSessionStore.fromJson(entry).isResponse()).isTrue();
    assertThat(map.get(chat).await().containsKey("meta")).isFalse();
  }
}
