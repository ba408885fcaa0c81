package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A model's earlier reasoning goes back to the providers that take it, whichever way the conversation
 * is kept: DeepSeek requires its {@code reasoning_content} back on a message that called tools (400
 * without it), Ollama takes its {@code thinking}, Anthropic its signed thinking first in the message
 * of a tool loop. Stateless dialects get it from the client (OpenAI's {@code reasoning_content}, an
 * Anthropic thinking block without a signature, a Responses reasoning item); stateful ones from the
 * session, which keeps each answer's reasoning with it. Providers replayed from recorded streams.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReasoningGoesBackTest {

  static final String DEEPSEEK_REASONING = "The user wants the weather in Tōkyō (東京). I should call get_weather"
      + " with the city. 🌦";
  static final JsonArray WEATHER = new JsonArray().add(GeminiTurnsTest.weatherTool());

  @Test
  void anEchoedAssistantMessageGivesDeepSeekItsReasoningBack(Vertx vertx) {
    FakeOpenAi deepseek = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", deepseek.baseUrl(), "OPENAI_API_KEY", "sk-test", "LLM_MODEL", "deepseek-reasoner"));
    replay(deepseek, "deepseek-tool-call-stream.txt");
    JsonObject asked = new JsonObject().put("model", "deepseek-reasoner").put("tools", WEATHER)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Weather in Tokyo?")));
    Http.Reply called = Http.postJson(gateway.url("/v1/chat/completions"), asked.encode());
    assertThat(called.status()).as(called.body()).isEqualTo(200);
    JsonObject assistant = called.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertThat(assistant.getString("reasoning_content")).isEqualTo(DEEPSEEK_REASONING);
    String callId = assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id");

    // The message back as the client got it (OpenAI's cookbook appends the response's message as is).
    replay(deepseek, "deepseek-reasoning-stream.txt");
    asked.getJsonArray("messages").add(assistant)
        .add(new JsonObject().put("role", "tool").put("tool_call_id", callId).put("content", "rain, 18 °C"));
    Http.Reply answered = Http.postJson(gateway.url("/v1/chat/completions"), asked.encode());
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    JsonObject sent = deepseek.calls().get(1).body().getJsonArray("messages").getJsonObject(1);
    assertThat(sent.getString("role")).isEqualTo("assistant");
    assertThat(sent.getString("reasoning_content")).isEqualTo(DEEPSEEK_REASONING);
    assertThat(sent.getJsonArray("tool_calls").getJsonObject(0).getString("id")).isEqualTo(callId);
    JsonObject user = deepseek.calls().get(1).body().getJsonArray("messages").getJsonObject(0);
    assertThat(user.containsKey("reasoning_content")).as("only where there was reasoning").isFalse();

    // A reasoning_content that is not text is refused by name.
    asked.getJsonArray("messages").getJsonObject(1).put("reasoning_content", 42);
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"), asked.encode());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("param")).isEqualTo("messages[1].reasoning_content");
  }

  @Test
  void aNativeSessionKeepsEachAnswersReasoningForTheNextStep(Vertx vertx) throws Exception {
    FakeOpenAi deepseek = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", deepseek.baseUrl(), "OPENAI_API_KEY", "sk-test", "LLM_MODEL", "deepseek-reasoner"));
    replay(deepseek, "deepseek-tool-call-stream.txt");
    Turn called = Turn.run(gateway, new JsonObject().put("message", "Weather in Tokyo?").put("tools", WEATHER));
    String sessionId = called.complete().getString("session_id");
    String callId = called.complete().getJsonArray("tool_calls").getJsonObject(0).getString("id");

    replay(deepseek, "deepseek-reasoning-stream.txt");
    Turn answered = Turn.run(gateway, new JsonObject().put("session_id", sessionId).put("tools", WEATHER)
        .put("tool_results", new JsonArray().add(new JsonObject().put("tool_call_id", callId).put("content", "rain"))));
    assertThat(answered.complete().getString("finish_reason")).isEqualTo("stop");
    JsonArray sent = deepseek.calls().get(1).body().getJsonArray("messages");
    assertThat(sent.getJsonObject(1).getString("reasoning_content")).isEqualTo(DEEPSEEK_REASONING);
    assertThat(sent.getJsonObject(2).getString("tool_call_id")).isEqualTo(callId);

    JsonArray stored = Http.get(gateway.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(stored.getJsonObject(1).getJsonArray("thinking")).as("what the session shows")
        .isEqualTo(new JsonArray().add(new JsonObject().put("thinking", DEEPSEEK_REASONING)));
    assertThat(stored.getJsonObject(3).getJsonArray("thinking")).as("the answer's own, kept too")
        .isEqualTo(new JsonArray().add(new JsonObject().put("thinking", deepSeekHelloReasoning())));
  }

  @Test
  void aNativeSessionGivesAnthropicItsSignedThinkingFirstInTheToolLoop(Vertx vertx) throws Exception {
    FakeOpenAi anthropic = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", "sk-ant-test"));
    replay(anthropic, "anthropic-tool-use-stream.txt");
    Turn called = Turn.run(gateway, new JsonObject().put("message", "Weather in Paris and Tokyo?")
        .put("model", "claude-sonnet-4-5").put("tools", WEATHER).put("reasoning_effort", "low"));
    String sessionId = called.complete().getString("session_id");
    JsonArray calls = called.complete().getJsonArray("tool_calls");
    assertThat(calls).hasSize(2);

    replay(anthropic, "anthropic-text-stream.txt");
    JsonArray results = new JsonArray();
    calls.forEach(call -> results.add(new JsonObject().put("tool_call_id", ((JsonObject) call).getString("id"))
        .put("content", "mild")));
    Turn.run(gateway, new JsonObject().put("session_id", sessionId).put("model", "claude-sonnet-4-5")
        .put("tools", WEATHER).put("reasoning_effort", "low").put("tool_results", results));
    JsonArray content = anthropic.calls().get(1).body().getJsonArray("messages").getJsonObject(1)
        .getJsonArray("content");
    JsonObject thinking = content.getJsonObject(0);
    assertThat(thinking.getString("type")).isEqualTo("thinking");
    assertThat(thinking.getString("signature")).as("as Anthropic streamed it").isEqualTo(anthropicSignature());
    assertThat(thinking.getString("thinking")).isNotBlank();
    assertThat(content.stream().map(block -> ((JsonObject) block).getString("type")).toList())
        .containsExactly("thinking", "text", "tool_use", "tool_use");
  }

  @Test
  void anEchoedAssistantMessageKeepsAnthropicsThinkingOnThroughAToolLoop(Vertx vertx) {
    FakeOpenAi anthropic = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", "sk-ant-test"));
    replay(anthropic, "anthropic-tool-use-stream.txt");
    JsonObject asked = new JsonObject().put("model", "claude-sonnet-4-5").put("tools", WEATHER)
        .put("reasoning_effort", "low").put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Weather in Paris and Tokyo?")));
    Http.Reply called = Http.postJson(gateway.url("/v1/chat/completions"), asked.encode());
    assertThat(called.status()).as(called.body()).isEqualTo(200);
    JsonObject assistant = called.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    JsonArray blocks = assistant.getJsonArray("thinking_blocks");
    assertThat(blocks).as("Anthropic's signed thinking, as LiteLLM writes it").hasSize(1);
    assertThat(blocks.getJsonObject(0).getString("type")).isEqualTo("thinking");
    assertThat(blocks.getJsonObject(0).getString("signature")).isEqualTo(anthropicSignature());
    assertThat(blocks.getJsonObject(0).getString("thinking")).isEqualTo(assistant.getString("reasoning_content"));

    replay(anthropic, "anthropic-text-stream.txt");
    JsonArray history = asked.getJsonArray("messages").add(assistant);
    assistant.getJsonArray("tool_calls").forEach(call -> history.add(new JsonObject().put("role", "tool")
        .put("tool_call_id", ((JsonObject) call).getString("id")).put("content", "mild")));
    Http.Reply answered = Http.postJson(gateway.url("/v1/chat/completions"), asked.encode());
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    JsonArray content = anthropic.calls().get(1).body().getJsonArray("messages").getJsonObject(1)
        .getJsonArray("content");
    assertThat(content.getJsonObject(0)).as("first in the message, as it came").isEqualTo(blocks.getJsonObject(0));
    assertThat(content.stream().map(block -> ((JsonObject) block).getString("type")).toList())
        .containsExactly("thinking", "text", "tool_use", "tool_use");
  }

  @Test
  void reasoningSentBackInTheOtherDialectsReachesDeepSeekAndOllama(Vertx vertx) {
    FakeOpenAi upstream = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", upstream.baseUrl(), "OPENAI_API_KEY", "sk-test", "LLM_MODEL", "deepseek-reasoner",
        "OLLAMA_BASE_URL", upstream.root()));
    JsonObject call = new JsonObject().put("type", "tool_use").put("id", "call_1").put("name", "get_weather")
        .put("input", new JsonObject().put("city", "Oslo"));

    // Anthropic's dialect: a thinking block without a signature is another provider's reasoning.
    replay(upstream, "deepseek-reasoning-stream.txt");
    Http.Reply anthropic = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "deepseek-reasoner")
        .put("max_tokens", 100).put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Weather in Oslo?"))
            .add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
                .add(new JsonObject().put("type", "thinking").put("thinking", "Oslo, so call it.").put("signature", ""))
                .add(call)))
            .add(new JsonObject().put("role", "user").put("content", new JsonArray().add(new JsonObject()
                .put("type", "tool_result").put("tool_use_id", "call_1").put("content", "snow"))))).encode());
    assertThat(anthropic.status()).as(anthropic.body()).isEqualTo(200);
    assertThat(upstream.calls().get(0).body().getJsonArray("messages").getJsonObject(1).getString("reasoning_content"))
        .isEqualTo("Oslo, so call it.");

    // The Responses dialect: a reasoning item's text goes with the call after it; to Ollama as its thinking.
    upstream.replay(FakeOpenAi.recording("ollama-chat-stream.ndjson"), FakeOpenAi.AWKWARD, 0);
    Http.Reply responses = Http.postJson(gateway.url("/v1/responses"), new JsonObject()
        .put("model", "ollama/qwen3").put("store", false).put("input", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Weather in Oslo?"))
            .add(new JsonObject().put("type", "reasoning").put("id", "rs_1").put("summary", new JsonArray()
                .add(new JsonObject().put("type", "summary_text").put("text", "Oslo: "))
                .add(new JsonObject().put("type", "summary_text").put("text", "call the tool."))))
            .add(new JsonObject().put("type", "function_call").put("call_id", "call_1").put("name", "get_weather")
                .put("arguments", "{\"city\":\"Oslo\"}"))
            .add(new JsonObject().put("type", "function_call_output").put("call_id", "call_1").put("output", "snow")))
        .encode());
    assertThat(responses.status()).as(responses.body()).isEqualTo(200);
    JsonObject assistant = upstream.calls().get(1).body().getJsonArray("messages").getJsonObject(1);
    assertThat(assistant.getString("role")).isEqualTo("assistant");
    assertThat(assistant.getString("thinking")).isEqualTo("Oslo: call the tool.");
    assertThat(assistant.getJsonArray("tool_calls")).hasSize(1);
  }

  @Test
  void reasoningThatCannotGoBackAsItCameIsRefusedByName(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    Http.Reply anthropic = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "mock-echo")
        .put("max_tokens", 100).put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Hi"))
            .add(new JsonObject().put("role", "assistant").put("content", new JsonArray()
                .add(new JsonObject().put("type", "thinking").put("signature", "EqQB"))
                .add(new JsonObject().put("type", "text").put("text", "Hello"))))
            .add(new JsonObject().put("role", "user").put("content", "Again"))).encode());
    assertThat(anthropic.status()).isEqualTo(400);
    assertThat(anthropic.json().getJsonObject("error").getString("message"))
        .as("a signature without the thinking it signs").contains("messages[1].content[0].thinking");

    Http.Reply responses = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("input", new JsonArray().add(new JsonObject().put("type", "reasoning").put("summary", new JsonArray()
            .add(new JsonObject().put("type", "output_text").put("text", "Hmm"))))
            .add(new JsonObject().put("role", "user").put("content", "Hi"))).encode());
    assertThat(responses.status()).isEqualTo(400);
    assertThat(responses.json().getJsonObject("error").getString("param")).isEqualTo("input[0].summary[0].type");
  }

  private static String deepSeekHelloReasoning() {
    return reasoningOf("deepseek-reasoning-stream.txt");
  }

  /** The reasoning deltas of a recorded OpenAI-compatible stream, joined. */
  private static String reasoningOf(String recording) {
    StringBuilder text = new StringBuilder();
    for (String line : new String(FakeOpenAi.recording(recording), java.nio.charset.StandardCharsets.UTF_8)
        .split("\n")) {
      if (line.startsWith("data: {")) {
        JsonObject delta = new JsonObject(line.substring(6)).getJsonArray("choices").getJsonObject(0)
            .getJsonObject("delta");
        if (delta.getValue("reasoning_content") instanceof String piece) {
          text.append(piece);
        }
      }
    }
    return text.toString();
  }

  /** The signature of the thinking block in {@code anthropic-tool-use-stream.txt}. */
  private static String anthropicSignature() {
    for (String line : new String(FakeOpenAi.recording("anthropic-tool-use-stream.txt"),
        java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("data: {") && line.contains("signature_delta")) {
        return new JsonObject(line.substring(6)).getJsonObject("delta").getString("signature");
      }
    }
    throw new AssertionError("no signature in the recording");
  }

  private static void replay(FakeOpenAi upstream, String recording) {
    upstream.replay(FakeOpenAi.recording(recording), FakeOpenAi.AWKWARD, 0);
  }
}
