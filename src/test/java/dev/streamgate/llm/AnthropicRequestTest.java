package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Anthropic receives for what an OpenAI client sends to {@code /v1/chat/completions}, through a
 * real gateway and a local fake of the Messages API: every field in Anthropic's own shape, the answer's
 * bound when none is given, thinking for a reasoning effort, and a 400 naming what Anthropic lacks.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnthropicRequestTest {

  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  static final JsonObject SCHEMA = new JsonObject().put("type", "object").put("properties", new JsonObject()
      .put("city", new JsonObject().put("type", "string"))).put("required", new JsonArray().add("city"));

  private FakeOpenAi anthropic;
  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    anthropic = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic", "ANTHROPIC_BASE_URL", anthropic.root(),
        "ANTHROPIC_API_KEY", "k"));
  }

  @Test
  void aRichOpenAiRequestReachesAnthropicInItsOwnShape() {
    anthropic.replay(FakeOpenAi.recording("anthropic-tool-use-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    JsonObject tool = new JsonObject().put("type", "function").put("function", new JsonObject()
        .put("name", "get_weather").put("description", "The weather in a city").put("strict", true)
        .put("parameters", SCHEMA));
    JsonArray messages = new JsonArray()
        .add(message("system", "You forecast weather."))
        .add(message("developer", "Use tools."))
        .add(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(new JsonObject().put("type", "text").put("text", "Weather where these were taken?"))
            .add(image("data:image/png;base64," + PNG, "low"))
            .add(image("https://example.com/tokyo.jpg", "auto"))))
        .add(new JsonObject().put("role", "assistant").put("content", null).put("tool_calls", new JsonArray()
            .add(call("call_1", "{\"city\":\"Paris\"}")).add(call("call_2", "{\"city\": \"Tokyo\"}"))))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "rain"))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_2").put("content", "sun"))
        .add(message("user", "And tomorrow?"));
    JsonObject request = new JsonObject().put("model", "claude-sonnet-4-5").put("messages", messages)
        .put("tools", new JsonArray().add(tool)).put("tool_choice", "required").put("parallel_tool_calls", false)
        .put("temperature", 0.2).put("top_p", 0.9).put("top_k", 40).put("max_completion_tokens", 300)
        .put("stop", new JsonArray().add("END").add("STOP")).put("user", "user-42");

    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), request.encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);

    FakeOpenAi.Call call = anthropic.calls().get(0);
    assertThat(call.uri()).isEqualTo("/v1/messages");
    assertThat(call.headers().get("x-api-key")).isEqualTo("k");
    JsonObject sent = call.body();
    assertThat(sent.getString("model")).isEqualTo("claude-sonnet-4-5");
    assertThat(sent.getString("system")).isEqualTo("You forecast weather.\n\nUse tools.");
    JsonArray turns = sent.getJsonArray("messages");
    assertThat(turns).hasSize(3);
    assertThat(turns.getJsonObject(0)).isEqualTo(new JsonObject().put("role", "user").put("content", new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "Weather where these were taken?"))
        .add(new JsonObject().put("type", "image").put("source", new JsonObject().put("type", "base64")
            .put("media_type", "image/png").put("data", PNG)))
        .add(new JsonObject().put("type", "image").put("source", new JsonObject().put("type", "url")
            .put("url", "https://example.com/tokyo.jpg")))));
    assertThat(turns.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "assistant")
        .put("content", new JsonArray().add(toolUse("call_1", "Paris")).add(toolUse("call_2", "Tokyo"))));
    assertThat(turns.getJsonObject(2)).as("the results in one user message, before its text")
        .isEqualTo(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(toolResult("call_1", "rain")).add(toolResult("call_2", "sun"))
            .add(new JsonObject().put("type", "text").put("text", "And tomorrow?"))));
    assertThat(sent.getJsonArray("tools")).isEqualTo(new JsonArray().add(new JsonObject().put("name", "get_weather")
        .put("description", "The weather in a city").put("input_schema", SCHEMA)));
    assertThat(sent.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "any").put("disable_parallel_tool_use", true));
    assertThat(sent.getDouble("temperature")).isEqualTo(0.2);
    assertThat(sent.getDouble("top_p")).isEqualTo(0.9);
    assertThat(sent.getInteger("top_k")).isEqualTo(40);
    assertThat(sent.getInteger("max_tokens")).isEqualTo(300);
    assertThat(sent.getJsonArray("stop_sequences")).isEqualTo(new JsonArray().add("END").add("STOP"));
    assertThat(sent.getJsonObject("metadata")).isEqualTo(new JsonObject().put("user_id", "user-42"));
    assertThat(sent.getBoolean("stream")).isTrue();
    assertThat(sent.fieldNames()).as("nothing else").containsExactlyInAnyOrder("model", "system", "messages", "tools",
        "tool_choice", "temperature", "top_p", "top_k", "max_tokens", "stop_sequences", "metadata", "stream");

    JsonObject answer = reply.json().getJsonArray("choices").getJsonObject(0);
    assertThat(answer.getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(answer.getJsonObject("message").getJsonArray("tool_calls")).hasSize(2);
    assertThat(reply.json().getJsonObject("usage").getJsonObject("prompt_tokens_details").getLong("cached_tokens"))
        .isEqualTo(1536);
  }

  @Test
  void theConfiguredBoundIsSentWhenTheClientGivesNone() {
    anthropic.replay(FakeOpenAi.recording("anthropic-text-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject()
        .put("model", "claude-sonnet-4-5").put("messages", new JsonArray().add(message("user", "Weather?"))).encode());
    assertThat(reply.status()).isEqualTo(200);
    JsonObject sent = anthropic.calls().get(0).body();
    assertThat(sent.getInteger("max_tokens")).isEqualTo(4096);
    assertThat(sent.fieldNames()).containsExactlyInAnyOrder("model", "messages", "max_tokens", "stream");
    assertThat(sent.getJsonArray("messages")).isEqualTo(new JsonArray().add(message("user", "Weather?")));
  }

  @Test
  void aReasoningEffortIsThinkingWithItsBudgetOnTopOfTheDefaultBound() {
    anthropic.replay(FakeOpenAi.recording("anthropic-tool-use-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject()
        .put("model", "claude-sonnet-4-5").put("reasoning_effort", "medium")
        .put("messages", new JsonArray().add(message("user", "Weather?"))).encode());
    assertThat(reply.status()).isEqualTo(200);
    JsonObject sent = anthropic.calls().get(0).body();
    assertThat(sent.getJsonObject("thinking"))
        .isEqualTo(new JsonObject().put("type", "enabled").put("budget_tokens", 2048));
    assertThat(sent.getInteger("max_tokens")).isEqualTo(4096 + 2048);
    JsonObject message = reply.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertThat(message.getString("reasoning_content")).startsWith("The user asks about Paris and Tokyo (東京).");
  }

  @Test
  void aParameterAnthropicLacksIsRefusedByNameBeforeAnyCall() {
    for (JsonObject asked : new JsonObject[] {new JsonObject().put("seed", 7), new JsonObject().put("n", 2),
        new JsonObject().put("presence_penalty", 0.5), new JsonObject().put("frequency_penalty", 0.5),
        new JsonObject().put("verbosity", "high"), new JsonObject().put("prompt_cache_key", "k-1")}) {
      String name = asked.fieldNames().iterator().next();
      Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"), asked.copy()
          .put("model", "claude-sonnet-4-5").put("messages", new JsonArray().add(message("user", "hi"))).encode());
      assertThat(refused.status()).as(name).isEqualTo(400);
      JsonObject error = refused.json().getJsonObject("error");
      assertThat(error.getString("param")).isEqualTo(name);
      assertThat(error.getString("message"))
          .contains("The anthropic provider (model claude-sonnet-4-5) cannot honour '" + name + "'");
    }
    assertThat(anthropic.calls()).as("nothing reached Anthropic").isEmpty();
  }

  @Test
  void aSafetyIdentifierIsTheEndUsersIdAndAMediumVerbosityAsksNothing() {
    anthropic.replay(FakeOpenAi.recording("anthropic-text-stream.txt"), FakeOpenAi.AWKWARD, 0);
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject()
        .put("model", "claude-sonnet-4-5").put("user", "user-42").put("safety_identifier", "hash-42")
        .put("verbosity", "medium").put("messages", new JsonArray().add(message("user", "hi"))).encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject sent = anthropic.calls().get(0).body();
    assertThat(sent.getJsonObject("metadata")).as("OpenAI's newer name wins")
        .isEqualTo(new JsonObject().put("user_id", "hash-42"));
    assertThat(sent.encode()).doesNotContain("verbosity");
  }

  static JsonObject message(String role, String content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  private static JsonObject image(String url, String detail) {
    return new JsonObject().put("type", "image_url")
        .put("image_url", new JsonObject().put("url", url).put("detail", detail));
  }

  private static JsonObject call(String id, String arguments) {
    return new JsonObject().put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", "get_weather").put("arguments", arguments));
  }

  private static JsonObject toolUse(String id, String city) {
    return new JsonObject().put("type", "tool_use").put("id", id).put("name", "get_weather")
        .put("input", new JsonObject().put("city", city));
  }

  private static JsonObject toolResult(String id, String content) {
    return new JsonObject().put("type", "tool_result").put("tool_use_id", id).put("content", content);
  }
}
