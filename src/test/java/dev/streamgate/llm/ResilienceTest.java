package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Routing, retries, fallback and circuit breakers, against local fakes of the providers. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResilienceTest {

  static final byte[] OPENAI = FakeOpenAi.recording("openai-chat-stream.txt");
  static final byte[] ANTHROPIC = FakeOpenAi.recording("anthropic-messages-stream.txt");
  static final String ANSWER = new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8);

  @Test
  void rateLimitedThenServedAfterTheRetryAfterTheProviderAsked(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).replay(OPENAI, OpenAiRelayTest.AWKWARD, 0)
        .failOnce(429, "1", "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}");
    GatewayUnderTest gateway = gateway(vertx, openai, null, Map.of());
    List<Event> events = ProvidersRelayTest.chat(gateway, "hi");

    assertThat(ProvidersRelayTest.text(events)).isEqualTo(ANSWER);
    assertThat(ProvidersRelayTest.last(events).getString("type")).isEqualTo("complete");
    assertThat(openai.calls()).hasSize(2);
    long waitedMs = (openai.calls().get(1).receivedAt() - openai.calls().get(0).receivedAt()) / 1_000_000;
    assertThat(waitedMs).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(950);
  }

  @Test
  void serverErrorOnTheFirstProviderFallsBackAndCompleteSaysWhoAnswered(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).fail(500, "{\"error\":{\"message\":\"The server had an error\"}}");
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).replay(ANTHROPIC, OpenAiRelayTest.AWKWARD, 0);
    GatewayUnderTest gateway = gateway(vertx, openai, anthropic, Map.of("LLM_FALLBACK", "anthropic"));
    List<Event> events = ProvidersRelayTest.chat(gateway, "hi");

    JsonObject complete = ProvidersRelayTest.last(events);
    assertThat(complete.getString("provider")).isEqualTo("anthropic");
    assertThat(complete.getString("model")).isEqualTo("claude-3-5-haiku-latest");
    assertThat(ProvidersRelayTest.text(events)).isEqualTo(ProvidersRelayTest.EXPECTED);
    assertThat(openai.calls()).as("one try and one retry, then the fallback").hasSize(2);
  }

  @Test
  void noFirstTokenInTimeMovesToTheFallback(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).silence();
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).replay(ANTHROPIC, OpenAiRelayTest.AWKWARD, 0);
    GatewayUnderTest gateway = gateway(vertx, openai, anthropic, Map.of("LLM_FALLBACK", "anthropic",
        "FIRST_TOKEN_TIMEOUT_MS", "300"));
    List<Event> events = ProvidersRelayTest.chat(gateway, "hi");
    assertThat(ProvidersRelayTest.last(events).getString("provider")).isEqualTo("anthropic");
    openai.calls().get(0).closed().await(5, TimeUnit.SECONDS);
  }

  @Test
  void failureAfterTheFirstTokenIsAnErrorNeverARetry(Vertx vertx) throws Exception {
    String partial = UpstreamFailureTest.delta("Half ") + UpstreamFailureTest.delta("an answer");
    FakeOpenAi openai = FakeOpenAi.start(vertx).replay(partial.getBytes(StandardCharsets.UTF_8), new int[] {9}, 1);
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).replay(ANTHROPIC, OpenAiRelayTest.AWKWARD, 0);
    GatewayUnderTest gateway = gateway(vertx, openai, anthropic, Map.of("LLM_FALLBACK", "anthropic"));
    List<Event> events = ProvidersRelayTest.chat(gateway, "hi");

    assertThat(ProvidersRelayTest.text(events)).isEqualTo("Half an answer");
    assertThat(ProvidersRelayTest.last(events).getString("type")).isEqualTo("error");
    assertThat(openai.calls()).hasSize(1);
    assertThat(anthropic.calls()).isEmpty();
  }

  @Test
  void aTurnLongerThanTheTurnTimeOutEndsWithATimeoutError(Vertx vertx) throws Exception {
    StringBuilder slow = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      slow.append(UpstreamFailureTest.delta("w" + i + " "));
    }
    byte[] bytes = slow.toString().getBytes(StandardCharsets.UTF_8);
    FakeOpenAi openai = FakeOpenAi.start(vertx).replay(bytes, new int[] {bytes.length / 50}, 100);
    GatewayUnderTest gateway = gateway(vertx, openai, null, Map.of("TURN_TIMEOUT_MS", "400"));
    List<Event> events = ProvidersRelayTest.chat(gateway, "hi");

    JsonObject error = ProvidersRelayTest.last(events);
    assertThat(error.getString("code")).isEqualTo("timeout");
    assertThat(error.getString("message")).isEqualTo("the answer took longer than 400 ms");
    assertThat(ProvidersRelayTest.text(events)).startsWith("w0 w1 ").doesNotContain("w49");
    openai.calls().get(0).closed().await(5, TimeUnit.SECONDS);
  }

  @Test
  void modelsAreRoutedByAliasRouteAndProviderPrefix(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).replay(OPENAI, OpenAiRelayTest.AWKWARD, 0);
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).replay(ANTHROPIC, OpenAiRelayTest.AWKWARD, 0);
    GatewayUnderTest gateway = gateway(vertx, openai, anthropic, Map.of());

    assertThat(answeredBy(gateway, "claude-sonnet-4-5")).isEqualTo("anthropic claude-sonnet-4-5");
    assertThat(answeredBy(gateway, "gpt-4.1-mini")).isEqualTo("openai gpt-4.1-mini");
    assertThat(answeredBy(gateway, "fast")).isEqualTo("mock mock-echo");
    assertThat(answeredBy(gateway, "anthropic/my-finetune")).isEqualTo("anthropic my-finetune");
    assertThat(anthropic.calls().get(1).body().getString("model")).isEqualTo("my-finetune");
  }

  @Test
  void anUnknownModelIs400BeforeAnyStreamAndNothingIsStored(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    Http.Reply reply = Http.postJson(gateway.url("/chat/stream"), "{\"message\":\"hi\",\"model\":\"llama-9000\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonObject("error").getString("message")).startsWith("Unknown model 'llama-9000'");
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).isZero();
  }

  @Test
  void aProviderThatKeepsFailingIsSkippedAndHealthShowsIt(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).fail(503, "{\"error\":{\"message\":\"overloaded\"}}");
    GatewayUnderTest gateway = gateway(vertx, openai, null, Map.of("BREAKER_FAILURES", "2"));
    ProvidersRelayTest.chat(gateway, "one");
    ProvidersRelayTest.chat(gateway, "two");
    JsonObject third = ProvidersRelayTest.last(ProvidersRelayTest.chat(gateway, "three"));

    assertThat(third.getString("message")).isEqualTo("openai is failing repeatedly and is skipped for a while");
    assertThat(openai.calls()).hasSize(2);
    JsonObject breaker = Http.get(gateway.url("/health")).json().getJsonObject("providers").getJsonObject("openai");
    assertThat(breaker.getString("state")).isEqualTo("open");
    assertThat(breaker.getInteger("consecutive_failures")).isEqualTo(2);
  }

  private static String answeredBy(GatewayUnderTest gateway, String model) throws InterruptedException {
    JsonObject complete = ProvidersRelayTest.last(ProvidersRelayTest.chat(gateway,
        new JsonObject().put("message", "hi").put("model", model)));
    return complete.getString("provider") + " " + complete.getString("model");
  }

  private static GatewayUnderTest gateway(Vertx vertx, FakeOpenAi openai, FakeOpenAi anthropic, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", openai.baseUrl(),
        "RETRY_ATTEMPTS", "1", "RETRY_BASE_DELAY_MS", "10", "ANTHROPIC_API_KEY", "sk-ant-test-0123456789"));
    if (anthropic != null) {
      all.put("ANTHROPIC_BASE_URL", anthropic.root());
    }
    all.putAll(env);
    return GatewayUnderTest.start(vertx, all);
  }
}
