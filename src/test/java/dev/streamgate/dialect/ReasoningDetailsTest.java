package dev.streamgate.dialect;

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
 * A streaming client of OpenAI's chat dialect keeps Anthropic's thinking on through a tool loop:
 * Anthropic's signed and redacted thinking stream as {@code reasoning_details} (OpenRouter's field, a
 * whole block per chunk), which a client gathers by {@code index} as OpenAI's Python stream helper
 * gathers any list, and sends back on the assistant message. Anthropic behind, a recorded stream cut at
 * awkward bytes; the client's side as raw HTTP, gathered as that helper does.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReasoningDetailsTest {

  private static final JsonObject SIGNED = new JsonObject().put("type", "reasoning.text")
      .put("text", AnthropicThinkingLoopTest.THINKING).put("signature", AnthropicThinkingLoopTest.SIGNATURE)
      .put("format", "anthropic-claude-v1");

  private FakeOpenAi upstream;
  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    upstream = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic", "ANTHROPIC_BASE_URL", upstream.root(),
        "ANTHROPIC_API_KEY", "k", "OPENAI_BASE_URL", upstream.baseUrl(), "OPENAI_API_KEY", "k"));
  }

  @Test
  void aStreamingClientGathersAnthropicsSignedThinkingAndSendsItBack() {
    replay("anthropic-tool-use-stream.txt");
    JsonObject assistant = streamed(weather());
    assertThat(assistant.getJsonArray("reasoning_details")).as("gathered by index")
        .containsExactly(SIGNED.copy().put("index", 0));
    assertThat(assistant.getString("reasoning_content")).isEqualTo(AnthropicThinkingLoopTest.THINKING);

    replay("anthropic-messages-stream.txt");
    JsonObject next = weather();
    next.getJsonArray("messages").add(sendable(assistant));
    results(next, assistant);
    Http.Reply answered = Http.postJson(gateway.url("/v1/chat/completions"), next.encode());
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    JsonArray content = assistantSent();
    assertThat(content.getJsonObject(0)).as("the signed thinking first, as it came").isEqualTo(new JsonObject()
        .put("type", "thinking").put("thinking", AnthropicThinkingLoopTest.THINKING)
        .put("signature", AnthropicThinkingLoopTest.SIGNATURE));
    assertThat(content.stream().map(block -> ((JsonObject) block).getString("type")))
        .containsExactly("thinking", "text", "tool_use", "tool_use");

    replay("anthropic-tool-use-stream.txt");
    JsonObject whole = Http.postJson(gateway.url("/v1/chat/completions"), weather().put("stream", false).encode()).json()
        .getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertThat(whole.getJsonArray("reasoning_details")).as("a whole completion's, the same")
        .isEqualTo(assistant.getJsonArray("reasoning_details"));
  }

  @Test
  void redactedThinkingStreamsAsAnEncryptedEntryAndGoesBackFirst() {
    upstream.replay(AnthropicThinkingLoopTest.withRedactedThinkingFirst(
        FakeOpenAi.recording("anthropic-tool-use-stream.txt")), FakeOpenAi.AWKWARD, 0);
    JsonObject assistant = streamed(weather());
    assertThat(assistant.getJsonArray("reasoning_details")).containsExactly(new JsonObject()
        .put("type", "reasoning.encrypted").put("data", AnthropicThinkingLoopTest.REDACTED)
        .put("format", "anthropic-claude-v1").put("index", 0), SIGNED.copy().put("index", 1));

    replay("anthropic-messages-stream.txt");
    JsonObject next = weather();
    next.getJsonArray("messages").add(sendable(assistant));
    results(next, assistant);
    assertThat(Http.postJson(gateway.url("/v1/chat/completions"), next.encode()).status()).isEqualTo(200);
    JsonArray content = assistantSent();
    assertThat(content.getJsonObject(0)).isEqualTo(new JsonObject().put("type", "redacted_thinking")
        .put("data", AnthropicThinkingLoopTest.REDACTED));
    assertThat(content.getJsonObject(1).getString("signature")).isEqualTo(AnthropicThinkingLoopTest.SIGNATURE);
  }

  @Test
  void entriesSentBackAsTheyStreamedAreGatheredAndAnUnknownTypeIsRefusedByName() {
    String signature = AnthropicThinkingLoopTest.SIGNATURE;
    JsonArray pieces = new JsonArray()
        .add(new JsonObject().put("type", "reasoning.text").put("text", "Paris, then ").put("index", 0))
        .add(new JsonObject().put("type", "reasoning.text").put("text", "Tokyo.").put("index", 0))
        .add(new JsonObject().put("type", "reasoning.text").put("signature", signature.substring(0, 9)).put("index", 0))
        .add(new JsonObject().put("type", "reasoning.text").put("signature", signature.substring(9)).put("index", 0));
    replay("anthropic-messages-stream.txt");
    JsonObject next = weather();
    JsonObject call = new JsonObject().put("id", "toolu_1").put("type", "function").put("function", new JsonObject()
        .put("name", "get_weather").put("arguments", "{\"city\":\"Paris\"}"));
    next.getJsonArray("messages").add(new JsonObject().put("role", "assistant").put("content", "")
        .put("tool_calls", new JsonArray().add(call)).put("reasoning", "Paris, then Tokyo.")
        .put("reasoning_details", pieces))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "toolu_1").put("content", "sunny"));
    Http.Reply answered = Http.postJson(gateway.url("/v1/chat/completions"), next.encode());
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    assertThat(assistantSent().getJsonObject(0)).isEqualTo(new JsonObject().put("type", "thinking")
        .put("thinking", "Paris, then Tokyo.").put("signature", signature));

    pieces.getJsonObject(0).put("type", "reasoning.secret");
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"), next.encode());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("param"))
        .isEqualTo("messages[1].reasoning_details[0].type");
  }

  @Test
  void aToolLoopThatLostItsSignedThinkingIsRefusedByNameBeforeAnthropicIsAsked() {
    replay("anthropic-tool-use-stream.txt");
    JsonObject assistant = streamed(weather());
    assistant.remove("reasoning_details");
    JsonObject next = weather();
    next.getJsonArray("messages").add(sendable(assistant));
    results(next, assistant);
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"), next.encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("message"))
        .contains("anthropic provider", "'reasoning_effort' in a tool loop", "reasoning_details");
    assertThat(upstream.calls()).as("Anthropic not asked again").hasSize(1);

    replay("anthropic-messages-stream.txt");
    next.remove("reasoning_effort");
    Http.Reply thinkingOff = Http.postJson(gateway.url("/v1/chat/completions"), next.encode());
    assertThat(thinkingOff.status()).as("without thinking the step needs none").isEqualTo(200);
  }

  @Test
  void reasoningNoModelSignedStreamsAsTextAlone() {
    replay("deepseek-reasoning-stream.txt");
    JsonObject assistant = streamed(new JsonObject().put("model", "openai/deepseek-reasoner").put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hello"))));
    assertThat(assistant.getString("reasoning_content")).isNotEmpty();
    assertThat(assistant.containsKey("reasoning_details")).as("nothing to send back but the text").isFalse();
  }

  private static JsonObject weather() {
    return new JsonObject().put("model", "claude-sonnet-4-5").put("stream", true).put("reasoning_effort", "low")
        .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("function", new JsonObject()
            .put("name", "get_weather").put("parameters", new JsonObject().put("type", "object")
                .put("properties", new JsonObject().put("city", new JsonObject().put("type", "string")))))))
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "Weather in Paris and Tokyo?")));
  }

  /** The assistant's message as a client gathers it from the stream's deltas. */
  private JsonObject streamed(JsonObject request) {
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), request.encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject message = new JsonObject();
    reply.body().lines().filter(line -> line.startsWith("data: {")).map(line -> new JsonObject(line.substring(6)))
        .map(chunk -> chunk.getJsonArray("choices")).filter(choices -> !choices.isEmpty())
        .forEach(choices -> gather(message, choices.getJsonObject(0).getJsonObject("delta")));
    return message;
  }

  /**
   * {@code delta} joined to {@code into} as OpenAI's Python stream helper joins deltas: strings end to
   * end, objects field by field, a list's objects by their {@code index}; {@code index} and {@code type}
   * replaced.
   */
  static void gather(JsonObject into, JsonObject delta) {
    delta.forEach(field -> {
      Object had = into.getValue(field.getKey());
      Object piece = field.getValue();
      if (had == null || field.getKey().equals("index") || field.getKey().equals("type")) {
        into.put(field.getKey(), piece instanceof JsonObject o ? o.copy() : piece instanceof JsonArray a ? a.copy() : piece);
      } else if (had instanceof String text && piece instanceof String more) {
        into.put(field.getKey(), text + more);
      } else if (had instanceof JsonObject object && piece instanceof JsonObject more) {
        gather(object, more);
      } else if (had instanceof JsonArray list && piece instanceof JsonArray more) {
        more.forEach(entry -> {
          JsonObject next = (JsonObject) entry;
          JsonObject same = list.stream().map(JsonObject.class::cast)
              .filter(e -> e.getValue("index").equals(next.getValue("index"))).findFirst().orElse(null);
          if (same == null) {
            list.add(next.copy());
          } else {
            gather(same, next);
          }
        });
      }
    });
  }

  /** The gathered message as a client sends it back: its tool calls without the stream's indexes. */
  private static JsonObject sendable(JsonObject gathered) {
    JsonObject message = gathered.copy();
    message.getJsonArray("tool_calls").forEach(call -> ((JsonObject) call).remove("index"));
    return message;
  }

  private static void results(JsonObject request, JsonObject assistant) {
    assistant.getJsonArray("tool_calls").forEach(call -> request.getJsonArray("messages").add(new JsonObject()
        .put("role", "tool").put("tool_call_id", ((JsonObject) call).getString("id")).put("content", "sunny")));
  }

  /** The content of the assistant message Anthropic got last. */
  private JsonArray assistantSent() {
    JsonArray messages = upstream.calls().get(upstream.calls().size() - 1).body().getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(1);
    assertThat(assistant.getString("role")).isEqualTo("assistant");
    return assistant.getJsonArray("content");
  }

  private void replay(String recording) {
    upstream.replay(FakeOpenAi.recording(recording), FakeOpenAi.AWKWARD, 0);
  }
}
