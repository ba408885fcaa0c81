package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCountTokensTool;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/messages/count_tokens} in front of Anthropic and of Gemini, driven by Anthropic's
 * official Java client given only the gateway's base URL: the count is the provider's own, asked of its
 * counter with the node's key and the request as a turn would send it; a count the provider refuses is an
 * error, not an estimate.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnthropicTokenCountTest {

  private static final String KEY = "sk-ant-count-secret-4711";

  /** The provider's fake: Anthropic's, or Gemini's in the test that says so. */
  private FakeOpenAi provider;
  private AnthropicClient client;

  @BeforeEach
  void start(Vertx vertx) {
    provider = FakeOpenAi.start(vertx);
  }

  /** A node (one per test: nodes of one Vert.x would share their event bus) in front of {@code provider}. */
  private AnthropicClient client(Vertx vertx, String name) {
    String prefix = name.toUpperCase(Locale.ROOT);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", name,
        prefix + "_BASE_URL", provider.root(), prefix + "_API_KEY", KEY));
    client = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey("not-needed").maxRetries(0).build();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void theCountIsAnthropicsOwnForTheRequestATurnWouldSend(Vertx vertx) {
    provider.json("{\"input_tokens\":2095}");

    long tokens = client(vertx, "anthropic").messages().countTokens(request()).inputTokens();

    assertThat(tokens).isEqualTo(2095);
    FakeOpenAi.Call call = provider.calls().get(0);
    assertThat(call.uri()).isEqualTo("/v1/messages/count_tokens");
    assertThat(call.headers().get("x-api-key")).isEqualTo(KEY);
    assertThat(call.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(call.body()).isEqualTo(new JsonObject().put("model", "claude-sonnet-4-5")
        .put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "What is the weather in Paris?")))
        .put("system", "Be brief.")
        .put("tools", new JsonArray().add(new JsonObject().put("name", "get_weather")
            .put("description", "The weather in a city")
            .put("input_schema", new JsonObject().put("type", "object")
                .put("properties", new JsonObject().put("city", new JsonObject().put("type", "string")))
                .put("required", new JsonArray().add("city"))))));
  }

  @Test
  void inFrontOfGeminiTheCountIsGeminisForTheGenerateRequestATurnWouldSend(Vertx vertx) {
    provider.json("{\"totalTokens\":31,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":31}]}");

    long tokens = client(vertx, "gemini").messages().countTokens(MessageCountTokensParams.builder()
        .model("gemini-2.5-flash").system("Be brief.").addUserMessage("What is the weather in Paris?").build())
        .inputTokens();

    assertThat(tokens).isEqualTo(31);
    FakeOpenAi.Call call = provider.calls().get(0);
    assertThat(call.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:countTokens");
    assertThat(call.headers().get("x-goog-api-key")).isEqualTo(KEY);
    assertThat(call.body()).isEqualTo(new JsonObject().put("generateContentRequest", new JsonObject()
        .put("contents", new JsonArray().add(new JsonObject().put("role", "user")
            .put("parts", new JsonArray().add(new JsonObject().put("text", "What is the weather in Paris?")))))
        .put("systemInstruction", new JsonObject().put("parts", new JsonArray()
            .add(new JsonObject().put("text", "Be brief."))))
        .put("model", "models/gemini-2.5-flash")));
  }

  @Test
  void aCountAnthropicRefusesIsAnErrorInAnthropicsShapeWithoutTheKey(Vertx vertx) {
    provider.fail(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
        + "\"message\":\"invalid x-api-key " + KEY + "\"}}");

    AnthropicClient viaAnthropic = client(vertx, "anthropic");
    assertThatThrownBy(() -> viaAnthropic.messages().countTokens(request()))
        .isInstanceOfSatisfying(AnthropicServiceException.class, err -> {
          assertThat(err.statusCode()).isEqualTo(502);
          assertThat(err.getMessage()).contains("anthropic answered HTTP 401").doesNotContain(KEY);
        });
  }

  @Test
  void aRequestTheGatewayRefusesNeverReachesTheCounter(Vertx vertx) {
    provider.json("{\"input_tokens\":1}");

    AnthropicClient viaAnthropic = client(vertx, "anthropic");
    assertThatThrownBy(() -> viaAnthropic.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("hi").putAdditionalBodyProperty("top_k", JsonValue.from("many")).build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("top_k");
    assertThat(provider.calls()).isEmpty();
  }

  private static MessageCountTokensParams request() {
    return MessageCountTokensParams.builder().model("claude-sonnet-4-5").system("Be brief.")
        .addUserMessage("What is the weather in Paris?")
        .addTool(MessageCountTokensTool.ofTool(AnthropicDialectTest.WEATHER)).build();
  }
}
