package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.config.ConfigLoader;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /health?probe=true}: each configured provider (local fakes, real servers) asked for its model
 * list in its own API's way, and what the node says of each: a list, a refused key, no answer. Keys never
 * come back, not even the one a provider echoes in its error.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProviderProbeTest {

  private static final String OPENAI_KEY = "sk-probe-openai-0123456789";
  private static final String ANTHROPIC_KEY = "sk-ant-probe-9876543210";
  private static final String GEMINI_KEY = "AIzaProbeGemini0123456789";

  @Test
  void eachConfiguredProviderIsAskedForItsModelsAndTheAnswerNamesNoKey(Vertx vertx) throws Exception {
    FakeOpenAi openai = FakeOpenAi.start(vertx).json("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"},"
        + "{\"id\":\"gpt-4o-mini\"},{\"id\":\"o3\"}]}");
    FakeOpenAi anthropic = FakeOpenAi.start(vertx).fail(401, "{\"type\":\"error\",\"error\":{\"type\":"
        + "\"authentication_error\",\"message\":\"invalid x-api-key " + ANTHROPIC_KEY + "\"}}");
    FakeOpenAi gemini = FakeOpenAi.start(vertx).json("{\"models\":[{\"name\":\"models/gemini-2.0-flash\"},"
        + "{\"name\":\"models/gemini-2.5-pro\"}]}");
    int closed = closedPort();
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", openai.baseUrl(), "OPENAI_API_KEY", OPENAI_KEY,
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", ANTHROPIC_KEY,
        "GEMINI_BASE_URL", gemini.root(), "GEMINI_API_KEY", GEMINI_KEY,
        "OLLAMA_BASE_URL", "http://127.0.0.1:" + closed));

    Http.Reply plain = Http.get(gateway.url("/health"));
    assertThat(plain.json().containsKey("probes")).as("no probe unless asked").isFalse();
    assertThat(openai.calls()).isEmpty();

    Http.Reply reply = Http.get(gateway.url("/health?probe=true"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY, "0123456789", "9876543210");
    JsonObject health = reply.json();
    assertThat(health.getString("status")).as("a provider down is not a node down").isEqualTo("healthy");
    JsonObject probes = health.getJsonObject("probes");
    assertThat(probes.fieldNames()).containsExactlyInAnyOrder("openai", "anthropic", "gemini", "ollama");
    assertThat(without(probes.getJsonObject("openai"), "ms"))
        .isEqualTo(new JsonObject().put("reachable", true).put("status", 200).put("models", 3));
    assertThat(without(probes.getJsonObject("anthropic"), "ms")).isEqualTo(new JsonObject().put("reachable", true)
        .put("status", 401).put("error", "anthropic answered HTTP 401: invalid x-api-key ***"));
    assertThat(without(probes.getJsonObject("gemini"), "ms"))
        .isEqualTo(new JsonObject().put("reachable", true).put("status", 200).put("models", 2));
    JsonObject ollama = probes.getJsonObject("ollama");
    assertThat(ollama.getBoolean("reachable")).isFalse();
    assertThat(ollama.containsKey("status")).isFalse();
    assertThat(ollama.getString("error")).startsWith("Cannot reach ollama at 127.0.0.1:" + closed + ": ");
    probes.forEach(entry -> assertThat(((JsonObject) entry.getValue()).getLong("ms")).isBetween(0L, 3_000L));

    assertReceived(openai.calls().get(0), "/v1/models", "Authorization", "Bearer " + OPENAI_KEY);
    assertReceived(anthropic.calls().get(0), "/v1/models", "x-api-key", ANTHROPIC_KEY);
    assertThat(anthropic.calls().get(0).headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertReceived(gemini.calls().get(0), "/v1beta/models", "x-goog-api-key", GEMINI_KEY);

    Http.Reply again = Http.get(gateway.url("/health?probe=true"));
    assertThat(again.json().getJsonObject("probes")).as("reused within seconds").isEqualTo(probes);
    assertThat(openai.calls().size() + anthropic.calls().size() + gemini.calls().size())
        .as("each provider asked once").isEqualTo(3);
  }

  @Test
  void aNodeWithOnlyTheMockHasNothingToProbe(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    JsonObject health = Http.get(gateway.url("/health?probe=true")).json();
    assertThat(health.getString("status")).isEqualTo("healthy");
    assertThat(health.getJsonObject("probes")).isEqualTo(new JsonObject());
  }

  @Test
  void aProviderThatDoesNotAnswerIsUnreachableWhenTheTimeOutEnds(Vertx vertx) {
    FakeOpenAi silent = FakeOpenAi.start(vertx).silence();
    GatewayConfig config = ConfigLoader.load(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL",
        silent.baseUrl(), "OPENAI_API_KEY", OPENAI_KEY), new Properties()).await();
    JsonObject openai = new ProviderProbe(vertx, config.llm(), 300).probes().await().getJsonObject("openai");
    assertThat(openai.getBoolean("reachable")).isFalse();
    assertThat(openai.getLong("ms")).isBetween(300L, 2_000L);
    assertThat(openai.getString("error"))
        .startsWith("Cannot reach openai at " + silent.root().substring("http://".length()) + ": ")
        .contains("timeout period of 300ms").doesNotContain(OPENAI_KEY);
    assertThat(silent.calls()).hasSize(1);
  }

  private static void assertReceived(FakeOpenAi.Call call, String uri, String header, String value) {
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.uri()).isEqualTo(uri);
    assertThat(call.headers().get(header)).isEqualTo(value);
  }

  private static JsonObject without(JsonObject json, String key) {
    JsonObject copy = json.copy();
    copy.remove(key);
    return copy;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
