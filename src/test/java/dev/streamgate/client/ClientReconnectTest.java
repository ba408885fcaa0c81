package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that goes away mid-answer: the client says so, does not hang, and its next message reaches
 * the server once it is back (retrying while it is not). Each gateway runs on its own Vert.x, closed
 * to take the server away.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientReconnectTest {

  private final List<Vertx> vertxes = new ArrayList<>();

  @AfterEach
  void closeAll() {
    vertxes.forEach(vertx -> vertx.close().await());
  }

  @Test
  void aServerGoneMidStreamIsReportedAndTheNextMessageReconnectsWhenItIsBack() throws Exception {
    Vertx first = node();
    GatewayUnderTest gone = GatewayUnderTest.start(first, Map.of("MOCK_DELAY_MS", "100"));
    try (RunningClient client = RunningClient.start("--url", gone.url(""))) {
      client.awaitIdle();
      int mark = client.output().length();
      client.type("Hello");
      client.awaitSince(mark, "You said: \"Hello\".");
      first.close().await();

      String cut = client.awaitSince(mark, "⚠️  Stream interrupted after ");
      client.awaitIdle();
      assertThat(cut).contains("🔄 The client reconnects with your next message").doesNotContain("SSE STREAM COMPLETED");

      mark = client.output().length();
      client.type("Are you back?");
      // The first retry shows the client waiting for the server (the cause may be a refused or a stale connection).
      client.awaitSince(mark, "; retrying in 0.5s (attempt 2/5)...");
      GatewayUnderTest back = GatewayUnderTest.start(node(), Map.of("PORT", String.valueOf(gone.port())));
      client.awaitIdle();
      assertThat(client.output().substring(mark)).contains("no longer exists on the server; starting a new session.",
          "You said: \"Are you back?\".", "Status: SUCCESS");
      assertThat(client.run("/stats")).contains("Messages Sent: 2", "Successful Streams: 1", "Failed Streams: 1",
          "Sessions Created: 2");
      JsonArray sessions = Http.get(back.url("/sessions")).json().getJsonArray("sessions");
      assertThat(sessions).singleElement().satisfies(s -> assertThat(s.toString()).contains("\"message_count\":2"));
      assertThat(client.endInput()).isZero();
    }
  }

  @Test
  void aServerGoneWhileTheProviderIsSilentDoesNotLeaveTheClientWaiting() throws Exception {
    // The provider on a Vert.x of its own: only the gateway goes away, while the provider stays silent.
    FakeOpenAi provider = FakeOpenAi.start(node());
    Vertx first = node();
    byte[] partial = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Half an \"}}]}\n\n"
        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"answer\"}}]}\n\n").getBytes(StandardCharsets.UTF_8);
    provider.replayThenHang(partial, new int[] {partial.length}, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(first, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl()));
    try (RunningClient client = RunningClient.start("--url", gateway.url(""))) {
      client.awaitIdle();
      int mark = client.output().length();
      client.type("Tell me everything");
      client.awaitSince(mark, "Half an answer");
      first.close().await();
      assertThat(client.awaitSince(mark, "⚠️  Stream interrupted after 2 chunks: ")).doesNotContain("Status: SUCCESS");
      client.awaitIdle();
      assertThat(client.run("/health")).contains("❌ Cannot reach the server at " + gateway.url(""));
    }
  }

  @Test
  void retriesAreBoundedAndTheClientCarriesOnWhenTheServerNeverComes() throws Exception {
    String url = "http://127.0.0.1:" + freePort();
    Backoff quick = new Backoff(List.of(Duration.ofMillis(20), Duration.ofMillis(40)));
    try (RunningClient client = RunningClient.start(Map.of(), quick, false, "--url", url)) {
      client.awaitIdle();
      assertThat(client.output()).contains("❌ Cannot reach the server at " + url + ": connection refused");
      String sent = client.run("Hello?");
      assertThat(sent.lines().filter(line -> line.startsWith("🔄 Cannot reach the server")))
          .containsExactly("🔄 Cannot reach the server (connection refused); retrying in 0.02s (attempt 2/3)...",
              "🔄 Cannot reach the server (connection refused); retrying in 0.04s (attempt 3/3)...");
      assertThat(sent).contains("❌ Cannot reach the server at " + url);
      assertThat(client.run("/stats")).contains("Messages Sent: 1", "Failed Streams: 1", "Successful Streams: 0");
      assertThat(client.endInput()).isZero();
    }
  }

  private Vertx node() {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    return vertx;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
