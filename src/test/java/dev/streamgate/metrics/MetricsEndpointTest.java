package dev.streamgate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /metrics} of a node started the way {@code Main} starts one (Vert.x metrics on, its event-bus
 * meters off unless asked for): Prometheus text with Vert.x's HTTP meters and Streamgate's own, moving
 * with real turns, and no label that carries a session or turn id.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

  private static final byte[] ANTHROPIC = FakeOpenAi.recording("anthropic-messages-stream.txt");

  private final Vertx vertx = NodeMetrics.builder(new VertxOptions(), true, false).build();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void turnsMoveTheTurnTokenAndLatencyMetersWithBoundedLabels() throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("HEARTBEAT_SECONDS", "1"));
    List<Event> first = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hello")).rest();
    JsonObject complete = first.get(first.size() - 1).json();
    String session = complete.getString("session_id");
    EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "again").put("session_id", session))
        .rest();
    int chunks = complete.getInteger("total_chunks");

    String metrics = scrape(gateway);

    assertThat(value(metrics, "streamgate_turns_started_total{dialect=\"native\"}")).isEqualTo(2);
    assertThat(value(metrics, "streamgate_turns_completed_total{dialect=\"native\",provider=\"mock\"}")).isEqualTo(2);
    assertThat(value(metrics, "streamgate_streams_active")).isZero();
    assertThat(value(metrics, "streamgate_tokens_relayed_total")).isGreaterThanOrEqualTo(chunks + 1);
    assertThat(value(metrics,
        "streamgate_time_to_first_token_seconds_count{dialect=\"native\",provider=\"mock\"}")).isEqualTo(2);
    assertThat(metrics).contains("streamgate_time_to_first_token_seconds_bucket{dialect=\"native\",provider=\"mock\",le=\"0.25\"}");
    assertThat(value(metrics,
        "streamgate_turn_duration_seconds_count{dialect=\"native\",outcome=\"completed\",provider=\"mock\"}")).isEqualTo(2);
    assertThat(value(metrics, "streamgate_circuit_breaker_state{provider=\"mock\"}")).isZero();
    // Vert.x's own: HTTP requests by route template; no event-bus meters (VERTX_EVENTBUS_METRICS is off).
    assertThat(metrics).containsPattern("vertx_http_server_requests_total\\{[^}]*route=\"/chat/stream\"");
    assertThat(metrics).doesNotContain("vertx_eventbus_");
    assertThat(metrics).as("no id in any label").doesNotContain(session).doesNotContain(complete.getString("turn_id"));
  }

  @Test
  void vertxEventBusMetersWhenAskedForCountMessagesBySideOnly() throws Exception {
    Vertx counted = NodeMetrics.builder(new VertxOptions(), true, true).build();
    try {
      GatewayUnderTest gateway = GatewayUnderTest.start(counted, Map.of());
      List<Event> events = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hi")).rest();
      String turnId = events.get(events.size() - 1).json().getString("turn_id");

      String metrics = scrape(gateway);

      assertThat(value(metrics, "vertx_eventbus_sent_total{side=\"local\"}")).isPositive();
      assertThat(value(metrics, "vertx_eventbus_received_total{side=\"local\"}")).isPositive();
      assertThat(metrics).as("no address or id in any label").doesNotContain("address=").doesNotContain(turnId);
    } finally {
      counted.close().await();
    }
  }

  @Test
  void upstreamErrorsRetriesFallbacksDisconnectsAndHeartbeatsAreCounted() throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).fail(500, "{\"error\":{\"message\":\"The server had an error\"}}");
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).replay(ANTHROPIC, new int[] {7, 3}, 0);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", openai.baseUrl(), "OPENAI_API_KEY", "sk-test", "ANTHROPIC_BASE_URL", anthropic.root(),
        "ANTHROPIC_API_KEY", "sk-ant-test", "LLM_FALLBACK", "anthropic", "RETRY_BASE_DELAY_MS", "1",
        "GRACE_SECONDS", "0", "MOCK_DELAY_MS", "200"));
    List<Event> events = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hi")).rest();
    assertThat(events.get(events.size() - 1).json().getString("provider")).isEqualTo("anthropic");

    // A slow mock turn whose client leaves after the first token, with heartbeats on a quiet channel stream.
    try (EventStream quiet = EventStream.get(gateway.url("/events?channel=metrics-test"))) {
      quiet.awaitOpen();
      try (EventStream leaving = EventStream.post(gateway.url("/chat/stream"),
          new JsonObject().put("message", "bye").put("model", "mock/mock"))) {
        while (!"chunk".equals(leaving.next().json().getString("type"))) {
          // session_info and status come before the first token
        }
      }
      String metrics = awaitScrape(gateway, m -> value(m, "streamgate_heartbeats_total") >= 1
          && value(m, "streamgate_client_disconnects_total{dialect=\"native\"}") >= 1);

      int calls = openai.calls().size();
      assertThat(calls).as("a try and its retries").isGreaterThan(1);
      assertThat(value(metrics, "streamgate_upstream_errors_total{code=\"upstream_error\",provider=\"openai\"}"))
          .isEqualTo(calls);
      assertThat(value(metrics, "streamgate_upstream_retries_total{provider=\"openai\"}")).isEqualTo(calls - 1);
      assertThat(value(metrics, "streamgate_upstream_fallbacks_total{from=\"openai\",to=\"anthropic\"}")).isEqualTo(1);
      assertThat(value(metrics, "streamgate_turns_completed_total{dialect=\"native\",provider=\"anthropic\"}"))
          .isEqualTo(1);
      assertThat(value(metrics,
          "streamgate_time_to_first_token_seconds_count{dialect=\"native\",provider=\"anthropic\"}"))
          .as("labelled with the provider that answered").isEqualTo(1);
      assertThat(value(metrics,
          "streamgate_turns_failed_total{code=\"client_gone\",dialect=\"native\",provider=\"mock\"}")).isEqualTo(1);
      assertThat(metrics).doesNotContain("sk-test").doesNotContain("sk-ant-test");
    }
  }

  private static String scrape(GatewayUnderTest gateway) {
    Http.Reply reply = Http.get(gateway.url("/metrics"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain");
    return reply.body();
  }

  private static String awaitScrape(GatewayUnderTest gateway, java.util.function.Predicate<String> ready) {
    return Eventually.within(Duration.ofSeconds(20)).until("the metrics to count the heartbeat and the disconnect",
        () -> scrape(gateway), ready);
  }

  /** The sample's value; -1 when the series is absent. */
  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
