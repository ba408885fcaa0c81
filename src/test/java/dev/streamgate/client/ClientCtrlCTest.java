package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ctrl-C in the client's own JVM, pressed by calling {@link CtrlC#interrupt()} (what the SIGINT handler
 * does): it stops the answer on the server and returns to the prompt, closes a stream the server does
 * not end, and leaves at the prompt or when pressed twice. Through a real terminal: ClientTerminalTest.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCtrlCTest {

  private final AtomicInteger leaves = new AtomicInteger();
  private final CtrlC ctrlC = new CtrlC(leaves::incrementAndGet, Duration.ofMillis(300));

  @Test
  void ctrlCStopsTheAnswerOnTheServerWhichKeepsItAsInterrupted(Vertx vertx) throws Exception {
    // 40 ms a word: about a second of answer left once the message is quoted back.
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "40"));
    try (RunningClient client = start(gateway.url(""))) {
      int mark = answering(client);
      ctrlC.interrupt();

      String stopped = client.awaitSince(mark, "Status: STOPPED");
      client.awaitIdle();
      assertThat(stopped).contains("🛑 SSE STREAM STOPPED", "Message: stopped on request",
          "Stored: the answer so far, marked interrupted").doesNotContain("at work.", "SSE STREAM COMPLETED");
      JsonArray messages = onlySession(gateway).getJsonArray("messages");
      assertThat(messages).hasSize(2);
      assertThat(messages.getJsonObject(1).getBoolean("interrupted")).isTrue();
      assertThat(leaves).hasValue(0);
      assertThat(client.run("Again")).contains("This is turn 2 of our conversation.", "Status: SUCCESS");
    }
  }

  @Test
  void aStreamTheServerDoesNotEndAfterTheStopIsClosedHereOnceTheGraceRunsOut(Vertx vertx) throws Exception {
    List<String> deletes = new CopyOnWriteArrayList<>();
    HttpServer silent = silentServer(vertx, deletes);
    try (RunningClient client = start("http://127.0.0.1:" + silent.actualPort())) {
      int mark = answering(client);
      ctrlC.interrupt();

      String stopped = client.awaitSince(mark, "Status: STOPPED");
      client.awaitIdle();
      assertThat(stopped).contains("Partial answer", "Message: no end from the server in time; stream closed here",
          "Stored: unknown");
      assertThat(deletes).containsExactly("/streams/turn-1");
      assertThat(client.exited()).isFalse();
      assertThat(leaves).hasValue(0);

      ctrlC.interrupt();
      assertThat(leaves).as("Ctrl-C at the prompt leaves").hasValue(1);
    }
  }

  @Test
  void ctrlCPressedAgainBeforeTheAnswerHasStoppedLeaves(Vertx vertx) throws Exception {
    HttpServer silent = silentServer(vertx, new CopyOnWriteArrayList<>());
    try (RunningClient client = start("http://127.0.0.1:" + silent.actualPort())) {
      answering(client);
      ctrlC.interrupt();
      assertThat(leaves).hasValue(0);
      ctrlC.interrupt();
      assertThat(leaves).hasValue(1);
    }
  }

  private RunningClient start(String url) {
    return RunningClient.start(Map.of(), Backoff.standard(), ctrlC, false, "--url", url);
  }

  /** Sends a message and returns, the output's length before it, once its answer has begun. */
  private static int answering(RunningClient client) {
    client.awaitIdle();
    int mark = client.output().length();
    client.type("Hello");
    client.awaitSince(mark, "Hello\".");
    return mark;
  }

  /**
   * A server whose turns never end: one chunk, quoting the message as the mock does, then silence. It
   * records a {@code DELETE /streams/…} and answers it as the gateway would, yet keeps the stream open.
   */
  private static HttpServer silentServer(Vertx vertx, List<String> deletes) {
    return vertx.createHttpServer().requestHandler(request -> {
      if (request.method() == HttpMethod.DELETE) {
        deletes.add(request.path());
        request.response().end(new JsonObject().put("turn_id", "turn-1").put("stopped", true).encode());
      } else if (request.path().equals("/chat/stream")) {
        hang(request);
      } else {
        request.response().end(new JsonObject().put("session_id", "s-1").put("model", "silent").encode());
      }
    }).listen(0, "127.0.0.1").await();
  }

  private static void hang(HttpServerRequest request) {
    request.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
        .write(event(new JsonObject().put("type", "session_info").put("session_id", "s-1").put("model", "silent")
            .put("turn_id", "turn-1")))
        .compose(v -> request.response().write(event(new JsonObject().put("type", "chunk")
            .put("text", "Partial answer to \"Hello\". "))));
  }

  private static String event(JsonObject data) {
    return "data: " + data.encode() + "\n\n";
  }

  private static JsonObject onlySession(GatewayUnderTest gateway) {
    JsonArray sessions = Http.get(gateway.url("/sessions")).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    return Http.get(gateway.url("/sessions/" + sessions.getJsonObject(0).getString("session_id"))).json();
  }
}
