package dev.streamgate.turn;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The stream lifecycle log of a real turn: the seed's console boxes when asked for, never a key. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamLogTest {

  private static final String KEY = "sk-never-logged-0123456789";

  private final Logger logger = (Logger) LoggerFactory.getLogger("streamgate.stream");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void boxedStyleShowsTheSeedsStartAndCompletionBoxesWithAFoldedMessagePreview(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LOG_STYLE", "boxed", "LOG_CONTENT", "true",
        "GATEWAY_API_KEYS", KEY));
    List<EventStream.Event> events = EventStream.post(gateway.url("/chat/stream?access_token=" + KEY),
        new JsonObject().put("message", "Explain quantum computing\n\nFAKE LOG LINE")).rest();
    String session = events.get(0).json().getString("session_id");

    int chunks = events.get(events.size() - 1).json().getInteger("total_chunks");
    List<String> lines = awaitLogs(2 + chunks);
    assertThat(lines.get(0)).contains("🌊 SSE STREAM STARTED", "Client IP: 127.0.0.1", "Session: " + session,
        "Message: \"Explain quantum computing FAKE LOG LINE\"", "Active Streams: 1");
    List<String> chunkLines = lines.subList(1, lines.size() - 1);
    List<String> texts = events.stream().filter(e -> "chunk".equals(e.json().getString("type")))
        .map(e -> e.json().getString("text")).filter(text -> !text.isEmpty()).toList();
    assertThat(chunkLines).hasSize(chunks);
    for (int i = 0; i < chunks; i++) {
      assertThat(chunkLines.get(i)).matches("🌊 \\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}] Chunk #" + (i + 1) + ": \".*\"")
          .contains(StreamLog.preview(texts.get(i)));
    }
    assertThat(lines.get(lines.size() - 1)).contains("🌊 SSE STREAM COMPLETED", "Total Chunks: " + chunks,
        "Total Time: ", "Active Streams: 0", "Status: SUCCESS");
    assertThat(String.join("\n", lines)).doesNotContain(KEY);
  }

  @Test
  void boxedStyleWithoutContentGivesEachChunkItsLengthNotItsText(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LOG_STYLE", "boxed"));
    List<EventStream.Event> events = EventStream.post(gateway.url("/chat/stream"),
        new JsonObject().put("message", "private words")).rest();
    int chunks = events.get(events.size() - 1).json().getInteger("total_chunks");
    List<String> lines = awaitLogs(2 + chunks);
    assertThat(lines.subList(1, lines.size() - 1)).hasSize(chunks)
        .allSatisfy(line -> assertThat(line).matches("🌊 \\[.*] Chunk #\\d+: \\d+ characters"));
    assertThat(String.join("\n", lines)).doesNotContain("private");
  }

  @Test
  void lineStyleIsOneLinePerEventWithoutTheUsersText(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of());
    EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "private words")).rest();

    List<String> lines = awaitLogs(2);
    assertThat(lines).as("no per-chunk lines in this style").hasSize(2)
        .allSatisfy(line -> assertThat(line).doesNotContain("\n").doesNotContain("private words"));
    assertThat(lines.get(0)).startsWith("stream started turn=").contains("client=127.0.0.1", "active_streams=1");
    assertThat(lines.get(1)).startsWith("stream ended turn=").contains("status=SUCCESS", "active_streams=0");
  }

  @Test
  void jsonStyleIsOneObjectPerTurnTraceableByTheRequestIdAndTheCompleteEvent(Vertx vertx) throws Exception {
    Logger turns = (Logger) LoggerFactory.getLogger("streamgate.turn");
    ListAppender<ILoggingEvent> turnLines = new ListAppender<>();
    turnLines.start();
    turns.addAppender(turnLines);
    try {
      GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LOG_STYLE", "json", "GATEWAY_API_KEYS", KEY));
      EventStream stream = EventStream.post(gateway.url("/chat/stream?access_token=" + KEY),
          new JsonObject().put("message", "private words\n{\"forged\":true}"));
      List<EventStream.Event> events = stream.rest();
      JsonObject complete = events.get(events.size() - 1).json();

      List<String> lines = awaitLogs(turnLines, 1);
      assertThat(lines).hasSize(1);
      JsonObject line = new JsonObject(lines.get(0));
      assertThat(line.getString("turn_id")).isEqualTo(complete.getString("turn_id"))
          .isEqualTo(stream.response().header("X-Request-Id"));
      assertThat(line.getString("session_id")).isEqualTo(complete.getString("session_id"));
      assertThat(line.getString("status")).isEqualTo("SUCCESS");
      assertThat(line.getString("dialect")).isEqualTo("native");
      assertThat(line.getString("provider")).isEqualTo("mock");
      assertThat(line.getInteger("chunks")).isEqualTo(complete.getInteger("total_chunks"));
      assertThat(line.getLong("ttft_ms")).isNotNull().isLessThanOrEqualTo(line.getLong("duration_ms"));
      assertThat(lines.get(0)).doesNotContain("private words").doesNotContain(KEY).doesNotContain("\n");
      assertThat(appender.list).as("no lifecycle lines besides the JSON one").isEmpty();
    } finally {
      turns.detachAppender(turnLines);
    }
  }

  @Test
  void theClientsAddressComesFromXForwardedForOnlyWhenTheProxyInFrontIsTrusted(Vertx vertx) throws Exception {
    for (boolean trusted : new boolean[] {false, true}) {
      appender.list.clear();
      GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("TRUST_FORWARDED", Boolean.toString(trusted)));
      Http.Reply answered = Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/chat/stream")))
          .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
          .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"where from?\"}")));
      assertThat(answered.status()).isEqualTo(200);
      assertThat(awaitLogs(2).get(0)).as("trusted: " + trusted)
          .contains(trusted ? "client=203.0.113.7" : "client=127.0.0.1");
    }
  }

  private List<String> awaitLogs(int count) {
    return awaitLogs(appender, count);
  }

  private static List<String> awaitLogs(ListAppender<ILoggingEvent> appender, int count) {
    Eventually.within(Duration.ofSeconds(10)).until(count + " log lines (the number held so far is the last value)",
        () -> appender.list.size(), size -> size >= count);
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
