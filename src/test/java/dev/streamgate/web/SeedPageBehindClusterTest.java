package dev.streamgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.ClusterNode;
import dev.streamgate.support.Http;
import dev.streamgate.support.NginxFront;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seed 000's page code as written, in real Chromium, on the origin of the real nginx in front of three
 * clustered nodes that it balances round robin: the page's EventSource and each of its POSTs reach
 * whichever node nginx picks, and the conversation still streams into the page, turn after turn.
 */
@Tag("cluster")
@Tag("nginx")
@Tag("browser")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedPageBehindClusterTest {

  private static final List<ClusterNode> NODES = new ArrayList<>();
  private static NginxFront nginx;
  private static Browser browser;

  @BeforeAll
  static void start() {
    String cluster = ClusterNode.uniqueClusterName();
    for (int i = 0; i < 3; i++) {
      NODES.add(ClusterNode.start(cluster, Map.of("MOCK_DELAY_MS", "5")));
    }
    nginx = NginxFront.start(Path.of("target", "seed-page-cluster").toAbsolutePath(),
        NODES.stream().map(node -> node.gateway().port()).toList());
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (nginx != null) {
      nginx.close();
    }
    NODES.forEach(ClusterNode::close);
  }

  @Test
  void seed000PageHoldsAConversationWhicheverNodesItsRequestsReach() {
    browser.open(nginx.url("/health"));
    browser.js(SeedPagesTest.SEED_000);
    browser.await(d -> browser.<Boolean>js("return window.logs.some(l => l[0] === 'open')"));
    TreeSet<String> turnNodes = new TreeSet<>();
    String conversation = null;
    for (int turn = 1; turn <= 4; turn++) {
      browser.js("window.logs = []; A(arguments[0])", "question " + turn + " to the cluster");
      JsonObject done = new JsonObject(browser.<String>await(d -> browser.<String>js(
          "const l = window.logs.find(l => l[0] === 'done'); return l ? l[1] : null")));
      List<String> messages = browser.js("return window.logs.filter(l => l[0].startsWith('casue')).map(l => l[1])");
      assertThat(messages).isNotEmpty();
      assertThat(messages.get(messages.size() - 1)).isEqualTo(done.getString("text"))
          .contains("question " + turn + " to the cluster");
      for (int i = 1; i < messages.size(); i++) {
        assertThat(messages.get(i)).startsWith(messages.get(i - 1));
      }
      assertThat(done.getInteger("message_count")).isEqualTo(2 * turn);
      conversation = done.getString("session_id");
      String turnId = done.getString("turn_id");
      turnNodes.add(turnId.substring(turnId.indexOf('.') + 1));
    }
    assertThat(turnNodes).as("the channel's node ran every turn").hasSize(1);
    assertThat(Http.get(nginx.url("/sessions/" + conversation)).json().getInteger("message_count")).isEqualTo(8);
    browser.js("window.e.eventSource.close()");
  }
}
