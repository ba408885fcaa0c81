package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The terminal client chatting with a real gateway: streamed answers, multi-turn, piped scripts and terminals. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientChatTest {

  private static final String RULE = "─".repeat(60);

  @Test
  void theAnswerIsPrintedWhileItIsStillBeingGenerated(Vertx vertx) throws Exception {
    // 100 ms a word: the mock's answer takes about three seconds, most of it after the quoted question.
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "100"));
    try (RunningClient client = RunningClient.start("--url", gateway.url(""))) {
      client.awaitIdle();
      int mark = client.output().length();
      client.type("Hello");
      String partial = client.awaitSince(mark, "You said: \"Hello\".");
      assertThat(partial).contains("🤖 AI Response (Streaming) (" + client.promptSession() + "... - mock-echo)")
          .doesNotContain("at work.").doesNotContain("SSE STREAM COMPLETED");

      client.awaitIdle();
      String turn = client.output().substring(mark);
      int textStart = turn.indexOf(RULE + "\n") + RULE.length() + 1;
      String printed = turn.substring(textStart, turn.indexOf("\n" + RULE + "\n", textStart));
      JsonObject session = onlySession(gateway);
      JsonArray messages = session.getJsonArray("messages");
      assertThat(session.getString("session_id")).startsWith(client.promptSession());
      assertThat(messages).hasSize(2);
      assertThat(printed).isEqualTo(messages.getJsonObject(1).getString("content"))
          .endsWith("Server-Sent Events at work.");
      assertThat(turn).contains("💭 Generating response... (Context: 1 messages)", "Status: SUCCESS",
          "Total Chunks: " + words(printed), "Context Messages: 2");
    }
  }

  @Test
  void followUpMessagesContinueTheSameConversation(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    try (RunningClient client = RunningClient.start("--url", gateway.url(""))) {
      String session = null;
      for (int turn = 1; turn <= 3; turn++) {
        String output = client.run("message " + turn);
        assertThat(output).contains("This is turn " + turn + " of our conversation. You said: \"message " + turn + "\".",
            "Context Messages: " + 2 * turn);
        session = session == null ? client.promptSession() : session;
        assertThat(client.promptSession()).isEqualTo(session);
      }
      assertThat(onlySession(gateway).getInteger("message_count")).isEqualTo(6);
    }
  }

  @Test
  void aTurnTheServerEndsWithAnErrorIsShownAsAFailedStream(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx)
        .fail(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl()));
    try (RunningClient client = RunningClient.start("--url", gateway.url(""))) {
      assertThat(client.run("Hello")).contains("❌ SSE STREAM FAILED", "Error: upstream_error",
          "Incorrect API key provided", "Chunks Received: 0", "Status: FAILED").doesNotContain("Status: SUCCESS");
      assertThat(client.run("/stats")).contains("Messages Sent: 1", "Successful Streams: 0", "Failed Streams: 1");
    }
  }

  @Test
  void aPipedScriptRunsToTheEndOfInputWithoutColoursAndExitsZero(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status = TerminalClient.run(new String[] {"--url", gateway.url("")}, Map.of(),
        new ByteArrayInputStream("Hi there\n\n/stats\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(captured, true, StandardCharsets.UTF_8), false);
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(output).doesNotContain("\u001b")
        .contains("› Hi there\n", "You said: \"Hi there\".", "Messages Sent: 1", "Successful Streams: 1",
            "👋 Goodbye! (end of input)");
  }

  @Test
  void onATerminalThePromptAndPanelsAreColouredAndClearErasesTheScreen(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status = TerminalClient.run(new String[] {"--url", gateway.url("")}, Map.of(),
        new ByteArrayInputStream("/health\n/clear\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(captured, true, StandardCharsets.UTF_8), true);
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(output).contains("\u001b[36m│ \u001b[0mStatus: healthy", "\u001b[H\u001b[2J")
        .as("a terminal echoes typed lines itself").doesNotContain("› /health");
  }

  @Test
  void badArgumentsPrintTheUsageAndExitTwo() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    assertThat(TerminalClient.run(new String[] {"--port", "1"}, Map.of(), InputStream.nullInputStream(), out, false)).isEqualTo(2);
    assertThat(TerminalClient.run(new String[] {"--url", "ftp://x"}, Map.of(), InputStream.nullInputStream(), out, false))
        .isEqualTo(2);
    assertThat(TerminalClient.run(new String[] {"--help"}, Map.of(), InputStream.nullInputStream(), out, false)).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("streamgate client: unknown argument '--port'",
            "streamgate client: --url must be an http:// or https:// address, got \"ftp://x\"",
            "usage: java -jar streamgate.jar client [--url URL] [--key KEY]");
  }

  private static JsonObject onlySession(GatewayUnderTest gateway) {
    JsonArray sessions = Http.get(gateway.url("/sessions")).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    return Http.get(gateway.url("/sessions/" + sessions.getJsonObject(0).getString("session_id"))).json();
  }

  /** The mock streams one word (with its trailing space) per chunk. */
  static int words(String text) {
    return text.split(" ").length;
  }
}
