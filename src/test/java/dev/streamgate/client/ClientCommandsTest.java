package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every command of the seed's tables, each checked against what the real server holds. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCommandsTest {

  private GatewayUnderTest gateway;
  private RunningClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx);
    client = RunningClient.start("--url", gateway.url(""));
    client.awaitIdle();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
  }

  @Test
  void helpListsEveryCommandOfBothTables() {
    String help = client.run("/help");
    assertThat(help).contains("BASIC COMMANDS", "SESSION MANAGEMENT");
    for (String command : List.of("/help", "/stats", "/server", "/health", "/docs", "/demo", "/clear", "/quit",
        "/new", "/info", "/sessions", "/reset", "/delete")) {
      assertThat(help).as(command).containsPattern("│ " + command + " +\\S");
    }
  }

  @Test
  void statsCountWhatThisClientSentAndReceived() {
    client.run("Hello");
    String stats = client.run("/stats");
    String reply = session(client.promptSession()).getJsonArray("messages").getJsonObject(1).getString("content");
    assertThat(stats).contains("CLIENT SESSION STATISTICS", "Messages Sent: 1", "Successful Streams: 1",
        "Failed Streams: 0", "Total Chunks Received: " + ClientChatTest.words(reply), "Sessions Created: 1",
        "Current Session: " + client.promptSession() + "...", "Session Messages: 2")
        .containsPattern("Avg Time to First Token: 0\\.\\d{3}s");
  }

  @Test
  void serverShowsTheServersOwnFigures() {
    client.run("one");
    client.run("two");
    String server = client.run("/server");
    JsonObject stats = Http.get(gateway.url("/stats")).json();
    assertThat(stats.getLong("total_requests")).isEqualTo(2);
    assertThat(server).contains("SSE SERVER STATISTICS", "Total Requests: 2", "Successful: 2", "Failed: 0",
        "Active Sessions: 1", "Total Sessions Created: 1", "Model: mock-echo", "Framework: Vert.x 5 + SSE");
  }

  @Test
  void healthReportsTheServersHealthAndStreams() {
    assertThat(client.run("/health")).contains("💚 Server is healthy", "Server: " + gateway.url(""),
        "Status: healthy", "Active Streams: 0", "Provider: mock", "Model: mock-echo");
  }

  @Test
  void docsAndDemoPointAtPagesTheServerServes() {
    for (String page : List.of("/docs", "/demo")) {
      String output = client.run(page);
      assertThat(output).as(page).contains("(open it in a browser):", "   URL: " + gateway.url(page));
      assertThat(Http.get(gateway.url(page)).status()).isEqualTo(200);
    }
  }

  @Test
  void clearRedrawsTheBannerWithoutEscapeCodesWhenPiped() {
    String cleared = client.run("/clear");
    assertThat(cleared).contains("🌊 STREAMGATE SSE MULTI-TURN CHAT CLIENT 🌊").doesNotContain("\u001b");
    assertThat(client.linesWith("STREAMGATE SSE MULTI-TURN CHAT CLIENT")).hasSize(2);
  }

  @Test
  void quitEndsTheClientAndNothingAfterItRuns() throws Exception {
    client.type("/quit").type("this must not be sent");
    assertThat(client.awaitExit()).isZero();
    assertThat(client.output()).contains("👋 Goodbye!").doesNotContain("Generating response");
    assertThat(session(client.promptSession()).getInteger("message_count")).isZero();
  }

  @Test
  void newCreatesASessionOnTheServerAndTalksInIt() {
    String first = client.promptSession();
    String created = client.run("/new");
    String second = client.promptSession();
    assertThat(created).contains("✨ New session created successfully!", "Session ID: " + second + "...",
        "Model: mock-echo");
    assertThat(second).isNotEqualTo(first);
    assertThat(sessionIds()).hasSize(2).anyMatch(id -> id.startsWith(first)).anyMatch(id -> id.startsWith(second));
    client.run("in the new one");
    assertThat(session(second).getInteger("message_count")).isEqualTo(2);
    assertThat(session(first).getInteger("message_count")).isZero();
  }

  @Test
  void infoShowsTheCurrentSessionAsTheServerHoldsIt() {
    client.run("Hello");
    client.run("again");
    assertThat(client.run("/info")).contains("SESSION INFO", "Session ID: " + client.promptSession() + "...",
        "Model: mock-echo", "Total Messages: 4", "User Messages: 2", "AI Messages: 2")
        .containsPattern("Duration: 0:00:\\d\\d").containsPattern("Created: \\d\\d:\\d\\d:\\d\\d");
  }

  @Test
  void sessionsListsEverySessionOnTheServerAndMarksTheCurrentOne() {
    client.run("/new");
    client.run("/new");
    String current = client.promptSession();
    String list = client.run("/sessions");
    assertThat(sessionIds()).hasSize(3);
    assertThat(list).contains("ALL ACTIVE SESSIONS (3)");
    for (String id : sessionIds()) {
      assertThat(list).contains(id.substring(0, 8) + "... (0 msgs");
    }
    assertThat(client.linesWith("← CURRENT")).singleElement().asString().contains(current + "...");
  }

  @Test
  void resetClearsTheHistoryOnTheServer() {
    client.run("Hello");
    String id = client.promptSession();
    assertThat(session(id).getInteger("message_count")).isEqualTo(2);
    assertThat(client.run("/reset")).contains("🧹 Session " + id + "... history cleared");
    assertThat(session(id).getInteger("message_count")).isZero();
    assertThat(client.run("after reset")).contains("This is turn 1 of our conversation");
    assertThat(client.promptSession()).isEqualTo(id);
  }

  @Test
  void deleteRemovesTheSessionFromTheServerAndContinuesInANewOne() {
    String gone = client.promptSession();
    String goneId = sessionIds().get(0);
    String output = client.run("/delete");
    assertThat(output).contains("🗑️  Session " + gone + "... deleted.", "✨ New session created successfully!");
    assertThat(Http.get(gateway.url("/sessions/" + goneId)).status()).isEqualTo(404);
    assertThat(sessionIds()).singleElement().asString().startsWith(client.promptSession()).isNotEqualTo(goneId);
  }

  @Test
  void anUnknownCommandIsNotSentAsAMessage() {
    assertThat(client.run("/nope")).contains("❓ Unknown command: /nope (type /help for the list)");
    assertThat(Http.get(gateway.url("/stats")).json().getLong("total_requests")).isZero();
  }

  private List<String> sessionIds() {
    JsonArray sessions = Http.get(gateway.url("/sessions")).json().getJsonArray("sessions");
    return sessions.stream().map(s -> ((JsonObject) s).getString("session_id")).toList();
  }

  /** The server's detail of the session whose id starts with {@code prefix}. */
  private JsonObject session(String prefix) {
    String id = sessionIds().stream().filter(s -> s.startsWith(prefix)).findFirst().orElseThrow();
    return Http.get(gateway.url("/sessions/" + id)).json();
  }
}
