package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.Main;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamgate client} in a real terminal (tmux, 40 columns), its own JVM, keys typed through the
 * terminal: answers wrap between words, Ctrl-C stops an answer and returns to the prompt, Ctrl-C at the
 * prompt leaves with 130 and Ctrl-D with 0.
 */
@Tag("terminal")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientTerminalTest {

  private static final int WIDTH = 40;

  @TempDir
  Path dir;

  @Test
  void aLongAnswerWrapsBetweenWordsAndCtrlCAtThePromptLeavesWith130(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    try (TerminalPane pane = client(gateway)) {
      pane.awaitScreen("the prompt", ClientTerminalTest::atPrompt);
      String message = "Please show how whole words stay together when a narrow terminal wraps a streamed answer";
      pane.type(message);
      String screen = pane.awaitScreen("the complete answer", s -> s.contains("Status: SUCCESS") && atPrompt(s));
      assertWrappedBetweenWords(screen, 1, message);

      pane.press("C-c");
      assertThat(pane.awaitExit()).isEqualTo(130);
      assertThat(pane.screen()).contains("👋 Goodbye! (Ctrl-C)");
    }
  }

  @Test
  void ctrlCDuringAnAnswerStopsItOnTheServerThenTheNextIsAnsweredInFullAndCtrlDLeavesWithZero(Vertx vertx)
      throws Exception {
    // 60 ms a word: the answer still streams for over a second after its first words.
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "60"));
    try (TerminalPane pane = client(gateway)) {
      pane.awaitScreen("the prompt", ClientTerminalTest::atPrompt);
      pane.type("Hello there");
      pane.awaitScreen("the answer's first words", s -> s.contains("This is turn 1"));
      pane.press("C-c");

      String stopped = pane.awaitScreen("the stop", s -> s.contains("Status: STOPPED") && atPrompt(s));
      assertThat(pane.exitStatus()).as("still running").isEmpty();
      assertThat(stopped).contains("🛑 SSE STREAM STOPPED", "stopped on request").doesNotContain("at work.");
      JsonObject reply = onlySession(gateway).getJsonArray("messages").getJsonObject(1);
      assertThat(reply.getBoolean("interrupted")).isTrue();
      assertThat(reply.getString("content")).startsWith("This is turn 1").doesNotEndWith("at work.");

      String message = "What about the rest of the answer this time";
      pane.type(message);
      String screen = pane.awaitScreen("the second answer", s -> s.contains("Status: SUCCESS") && atPrompt(s));
      assertWrappedBetweenWords(screen, 2, message);

      pane.press("C-d");
      assertThat(pane.awaitExit()).isZero();
      assertThat(pane.screen()).contains("👋 Goodbye! (end of input)");
    }
  }

  private TerminalPane client(GatewayUnderTest gateway) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return TerminalPane.start(dir, WIDTH, 30, List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "client", "--url", gateway.url("")));
  }

  /** The mock's answer to {@code message} is on screen whole, on lines that end between words, short of the edge. */
  private static void assertWrappedBetweenWords(String screen, int turn, String message) {
    List<String> lines = answerLines(screen, "This is turn " + turn + " ");
    assertThat(lines).hasSizeGreaterThan(3).allSatisfy(line -> assertThat(line.length()).isLessThan(WIDTH));
    assertThat(String.join(" ", lines)).isEqualTo("This is turn " + turn + " of our conversation. You said: \""
        + message + "\". I am the built-in mock model, streaming this answer word by word so you can watch "
        + "Server-Sent Events at work.");
  }

  /** The screen lines from the last that starts with {@code first} up to the rule that closes the answer. */
  private static List<String> answerLines(String screen, String first) {
    List<String> all = screen.lines().map(String::stripTrailing).toList();
    int start = -1;
    for (int i = 0; i < all.size(); i++) {
      start = all.get(i).startsWith(first) ? i : start;
    }
    assertThat(start).as("a line starting with \"%s\" in:%n%s", first, screen).isNotNegative();
    List<String> answer = new ArrayList<>();
    for (int i = start; i < all.size() && !all.get(i).startsWith("─"); i++) {
      answer.add(all.get(i));
    }
    return answer;
  }

  /** The client waits for a line: the last line on screen is its prompt. */
  private static boolean atPrompt(String screen) {
    return screen.strip().endsWith("›");
  }

  private static JsonObject onlySession(GatewayUnderTest gateway) {
    JsonArray sessions = Http.get(gateway.url("/sessions")).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    return Http.get(gateway.url("/sessions/" + sessions.getJsonObject(0).getString("session_id"))).json();
  }
}
