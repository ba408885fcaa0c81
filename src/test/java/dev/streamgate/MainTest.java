package dev.streamgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.NodeProcess;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real entry point in its own JVM, configured through real environment variables. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MainTest {

  @Test
  void aBadValueStopsTheNodeWithOneLineNamingTheKeyAndNothingElse() throws Exception {
    try (NodeProcess node = NodeProcess.launch(Map.of("PORT", "eighty"))) {
      assertThat(node.awaitExit()).isEqualTo(1);
      assertThat(node.errors()).containsExactly(
          "streamgate: Invalid configuration: http.port (PORT or BACKEND_PORT) must be a whole number from 0 to 65535, "
              + "got \"eighty\"");
      assertThat(node.output()).as("a node that never started does not drain").doesNotContain("drain");
    }
  }

  @Test
  void aBadStartUpSettingStopsTheNodeBeforeVertxWithOneLineNamingTheVariable() throws Exception {
    try (NodeProcess node = NodeProcess.launch(Map.of("CLUSTER", "yes"))) {
      assertThat(node.awaitExit()).isEqualTo(1);
      assertThat(node.errors()).containsExactly(
          "streamgate: Invalid configuration: CLUSTER must be one of false, true, got \"yes\"");
    }
  }

  @Test
  void startsOnTheBackendPortOfTheSeedStreamsAndLogsNoWarning() throws Exception {
    try (NodeProcess node = NodeProcess.launchOnBackendPort(Map.of()).awaitHealthy()) {
      try (EventStream stream = EventStream.post(node.url("/chat/stream"),
          new JsonObject().put("message", "from a real process"))) {
        List<EventStream.Event> events = stream.rest();
        assertThat(events.get(events.size() - 1).json().getString("type")).isEqualTo("complete");
      }
      assertThat(node.awaitOutput("stream ended")).as("a clean start and turn").contains("listening on")
          .doesNotContain(" WARN ").doesNotContain(" ERROR ");
    }
  }

  @Test
  void theBoxedStylePrintsTheSeedsStartUpBanner() throws Exception {
    try (NodeProcess node = NodeProcess.launch(Map.of("LOG_STYLE", "boxed")).awaitHealthy()) {
      assertThat(node.awaitOutput("╚═══")).contains("🌊 STREAMGATE SSE MULTI-TURN CHAT SERVER 🌊", "║  Model: mock-echo",
          "║  Framework: Vert.x 5 + SSE", "║  Multi-turn: ENABLED", "║  Streaming: REAL-TIME", "║  Status: READY", "╚═══");
    }
  }
}
