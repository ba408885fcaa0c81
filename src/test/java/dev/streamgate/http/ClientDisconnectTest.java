package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that leaves mid-answer stops the upstream call (at once without a grace period, after it
 * otherwise: it may come back to resume) and keeps what was said.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientDisconnectTest {

  @Test
  void withoutGracePeriodLeavingMidStreamClosesTheProviderConnectionWithinOneSecond(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      body.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok").append(i).append(" \"}}]}\n\n");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    provider.replay(bytes, new int[] {bytes.length / 300}, 20);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "GRACE_SECONDS", "0"));

    String sessionId;
    long leftAt;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "long"))) {
      sessionId = stream.next().json().getString("session_id");
      stream.next();
      assertThat(stream.next().json().getString("text")).isEqualTo("tok0 ");
      assertThat(stream.next().json().getString("text")).isEqualTo("tok1 ");
      leftAt = System.nanoTime();
    }
    provider.calls().get(0).closed().await(5, TimeUnit.SECONDS);
    long abortMs = (System.nanoTime() - leftAt) / 1_000_000;
    assertThat(abortMs).as("ms from client leaving to provider connection closed").isLessThan(1000);

    JsonArray messages = awaitMessages(gateway, sessionId, 2);
    JsonObject partial = messages.getJsonObject(1);
    assertThat(partial.getString("content")).startsWith("tok0 tok1 ").doesNotContain("tok299");
    assertThat(partial.getBoolean("interrupted")).isTrue();
    assertThat(Http.get(gateway.url("/health")).json().getInteger("active_streams")).isZero();
  }

  @Test
  void leavingStartsTheGracePeriodAfterWhichTheTurnIsCancelledAndThePartialReplyStored(Vertx vertx) throws Exception {
    // 31 words 200 ms apart (6.2 s); nobody comes back within the 1 s grace period.
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "200", "GRACE_SECONDS", "1"));
    String sessionId;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "bye"))) {
      sessionId = stream.next().json().getString("session_id");
      stream.next();
      assertThat(stream.next().json().getString("text")).isEqualTo("This ");
    }
    JsonObject partial = awaitMessages(gateway, sessionId, 2).getJsonObject(1);
    assertThat(partial.getBoolean("interrupted")).isTrue();
    assertThat(partial.getString("content").split(" ")).as("the answer went on during the grace period")
        .hasSizeGreaterThan(3);
    assertThat(partial.getString("content")).startsWith("This is ").doesNotEndWith("at work.");
    JsonObject stats = Http.get(gateway.url("/stats")).json();
    assertThat(stats.getLong("failed_requests")).isEqualTo(1);
    assertThat(stats.getInteger("active_streams")).isZero();
  }

  /** The turn is stored asynchronously after the disconnect; wait (bounded) until it is. */
  static JsonArray awaitMessages(GatewayUnderTest gateway, String sessionId, int count) {
    return Eventually.within(Duration.ofSeconds(5)).until("session " + sessionId + " to hold " + count + " messages",
        () -> Http.get(gateway.url("/sessions/" + sessionId)).json().getJsonArray("messages"),
        messages -> messages.size() >= count);
  }
}
