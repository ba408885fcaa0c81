package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every way an OpenAI-compatible provider can fail ends the stream with one {@code error} event and a
 * clear message (never a hang, never a silent close), and keeps the user message and the partial
 * reply, marked interrupted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamFailureTest {

  static final String KEY = "sk-test-0123456789abcdef";

  @Test
  void httpErrorNamesProviderStatusAndMessageButNotTheKey(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).fail(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
        + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
    Outcome outcome = run(vertx, provider, Map.of());
    assertThat(outcome.error().getString("message"))
        .startsWith("openai answered HTTP 401: Incorrect API key provided")
        .doesNotContain(KEY).doesNotContain("0123456789abcdef");
    assertThat(outcome.error().getString("code")).isEqualTo("upstream_error");
    outcome.assertStoredInterrupted("");
  }

  @Test
  void errorObjectInTheStreamEndsTheTurnAndKeepsThePartialReply(Vertx vertx) throws Exception {
    String body = delta("Partial ") + delta("answer") + "data: {\"error\":{\"message\":\"The server had an error "
        + "while processing your request.\",\"type\":\"server_error\"}}\n\n";
    FakeOpenAi provider = FakeOpenAi.start(vertx).replayThenHang(bytes(body), new int[] {5, 9}, 1);
    Outcome outcome = run(vertx, provider, Map.of());
    assertThat(outcome.error().getString("message"))
        .isEqualTo("openai reported an error: The server had an error while processing your request.");
    outcome.assertStoredInterrupted("Partial answer");
  }

  @Test
  void malformedDataIsReportedAsSuch(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).replayThenHang(bytes(delta("ok ") + "data: {not json\n\n"),
        new int[] {4}, 1);
    Outcome outcome = run(vertx, provider, Map.of());
    assertThat(outcome.error().getString("message")).startsWith("openai sent malformed stream data");
    assertThat(outcome.error().getString("code")).isEqualTo("upstream_protocol");
    outcome.assertStoredInterrupted("ok ");
  }

  @Test
  void aLineOverTheBoundIsRefusedAsAProtocolErrorNamingTheBound(Vertx vertx) throws Exception {
    String huge = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(1 << 20) + "\"}}]}\n\n";
    FakeOpenAi provider = FakeOpenAi.start(vertx).replayThenHang(bytes(delta("ok ") + huge), new int[] {64 * 1024}, 1);
    Outcome outcome = run(vertx, provider, Map.of());
    assertThat(outcome.error().getString("code")).isEqualTo("upstream_protocol");
    assertThat(outcome.error().getString("message"))
        .isEqualTo("openai sent malformed stream data: event-stream line longer than 1048576 bytes");
    outcome.assertStoredInterrupted("ok ");
  }

  @Test
  void streamEndingBeforeTheAnswerFinishedIsAnError(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).replay(bytes(delta("cut ") + delta("off")), new int[] {6}, 1);
    Outcome outcome = run(vertx, provider, Map.of());
    assertThat(outcome.error().getString("message")).isEqualTo("openai closed the stream before the answer was complete");
    outcome.assertStoredInterrupted("cut off");
  }

  @Test
  void refusedConnectionIsReported(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", "http://127.0.0.1:" + closedPort + "/v1"));
    Outcome outcome = Outcome.of(gateway);
    assertThat(outcome.error().getString("message")).startsWith("Cannot reach openai at 127.0.0.1:" + closedPort);
    assertThat(outcome.error().getString("code")).isEqualTo("upstream_unavailable");
    outcome.assertStoredInterrupted("");
  }

  @Test
  void aProviderThatDoesNotAcceptTheConnectionHitsTheConnectTimeout(Vertx vertx) throws Exception {
    // A listening socket that never accepts, its backlog filled: further connects hang in SYN.
    try (ServerSocket stuck = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> fillers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        java.net.Socket filler = new java.net.Socket();
        try {
          filler.connect(new java.net.InetSocketAddress("127.0.0.1", stuck.getLocalPort()), 200);
        } catch (java.io.IOException queueFull) {
          // the accept queue is full: what the test needs
        }
        fillers.add(filler);
      }
      GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
          "OPENAI_BASE_URL", "http://127.0.0.1:" + stuck.getLocalPort() + "/v1", "CONNECT_TIMEOUT_MS", "300",
          "RETRY_ATTEMPTS", "0"));
      long started = System.nanoTime();
      Outcome outcome = Outcome.of(gateway);
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertThat(outcome.error().getString("code")).isEqualTo("upstream_unavailable");
      assertThat(outcome.error().getString("message")).startsWith("Cannot reach openai at 127.0.0.1:" + stuck.getLocalPort())
          .contains("timeout of 300 ms");
      assertThat(tookMs).as("ended by the 300 ms connect time-out, not the 60 s first-token one").isLessThan(5000);
      for (java.net.Socket filler : fillers) {
        filler.close();
      }
    }
  }

  @Test
  void noFirstTokenInTimeAbortsTheUpstreamCall(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).silence();
    Outcome outcome = run(vertx, provider, Map.of("FIRST_TOKEN_TIMEOUT_MS", "300"));
    assertThat(outcome.error().getString("code")).isEqualTo("timeout");
    assertThat(outcome.error().getString("message")).isEqualTo("openai sent no token within 300 ms");
    provider.calls().get(0).closed().await(5, TimeUnit.SECONDS);
    outcome.assertStoredInterrupted("");
  }

  @Test
  void silenceMidAnswerAbortsTheUpstreamCallAndKeepsThePartialReply(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).replayThenHang(bytes(delta("half ") + delta("an answer")),
        new int[] {3}, 1);
    Outcome outcome = run(vertx, provider, Map.of("IDLE_TIMEOUT_MS", "300"));
    assertThat(outcome.error().getString("code")).isEqualTo("timeout");
    assertThat(outcome.error().getString("message")).isEqualTo("openai sent nothing for 300 ms in the middle of the answer");
    provider.calls().get(0).closed().await(5, TimeUnit.SECONDS);
    outcome.assertStoredInterrupted("half an answer");
  }

  private static Outcome run(Vertx vertx, FakeOpenAi provider, Map<String, String> env) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl(), "OPENAI_API_KEY", KEY));
    return Outcome.of(GatewayUnderTest.start(vertx, all));
  }

  static String delta(String text) {
    return "data: " + new JsonObject().put("object", "chat.completion.chunk").put("choices", new JsonArray()
        .add(new JsonObject().put("index", 0).put("delta", new JsonObject().put("content", text)))).encode() + "\n\n";
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The events of one failed turn, and the session it left behind. */
  record Outcome(GatewayUnderTest gateway, List<Event> events) {

    static Outcome of(GatewayUnderTest gateway) throws InterruptedException {
      try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hi"))) {
        List<Event> events = stream.rest();
        assertThat(stream.failure()).as("the server ends the stream cleanly").isNull();
        return new Outcome(gateway, events);
      }
    }

    JsonObject error() {
      JsonObject last = events.get(events.size() - 1).json();
      assertThat(last.getString("type")).isEqualTo("error");
      assertThat(last.getString("session_id")).isEqualTo(events.get(0).json().getString("session_id"));
      return last;
    }

    void assertStoredInterrupted(String partial) {
      String id = events.get(0).json().getString("session_id");
      JsonArray messages = Http.get(gateway.url("/sessions/" + id)).json().getJsonArray("messages");
      assertThat(messages).hasSize(2);
      assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("hi");
      assertThat(messages.getJsonObject(1).getString("role")).isEqualTo("assistant");
      assertThat(messages.getJsonObject(1).getString("content")).isEqualTo(partial);
      assertThat(messages.getJsonObject(1).getBoolean("interrupted")).isTrue();
    }
  }
}
