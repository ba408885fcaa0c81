package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.WeatherTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole turns beyond text through {@code /v1/chat/completions} to Ollama's native API, replayed from
 * recorded NDJSON streams in awkward pieces by a local fake: what Ollama receives, field by field;
 * OpenAI's official client running a tool-calling loop and a structured-output request; what Ollama
 * cannot honour refused by name.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OllamaTurnsTest {

  private static final String PNG_DATA = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmM"
      + "IQAAAABJRU5ErkJggg==";
  private static final String ANSWER = new String(FakeOpenAi.recording("expected-text.txt"), StandardCharsets.UTF_8);

  private FakeOpenAi ollama;
  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    ollama = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "ollama", "OLLAMA_BASE_URL", ollama.root()));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void everyPartOfARichTurnReachesOllamaInItsOwnShape() {
    replay("ollama-tool-call-stream.ndjson");
    JsonObject schema = new JsonObject().put("type", "object").put("properties", new JsonObject()
        .put("city", new JsonObject().put("type", "string"))).put("required", new JsonArray().add("city"))
        .put("additionalProperties", false);
    JsonObject weather = tool("get_weather", "The weather in a city", schema);
    JsonObject time = tool("get_time", null,
        new JsonObject().put("type", "object").put("properties", new JsonObject()));
    JsonObject request = new JsonObject().put("model", "ollama/qwen3").put("stream", true).put("messages", messages())
        .put("tools", new JsonArray().add(weather).add(time))
        .put("temperature", 0.2).put("top_p", 0.9).put("top_k", 40).put("max_tokens", 300)
        .put("stop", new JsonArray().add("END").add("STOP")).put("seed", 7).put("presence_penalty", 0.5)
        .put("frequency_penalty", -0.5).put("reasoning_effort", "medium").put("response_format", new JsonObject()
            .put("type", "json_schema").put("json_schema", new JsonObject().put("name", "city").put("schema", schema)));
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), request.encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);

    FakeOpenAi.Call call = ollama.calls().get(0);
    assertThat(call.uri()).isEqualTo("/api/chat");
    JsonObject sent = call.body();
    assertThat(sent.fieldNames()).containsExactlyInAnyOrder("model", "stream", "messages", "tools", "options",
        "format", "think");
    assertThat(sent.getString("model")).isEqualTo("qwen3");
    assertThat(sent.getBoolean("stream")).isTrue();
    assertThat(sent.getJsonArray("messages")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", "Use tools."))
        .add(new JsonObject().put("role", "system").put("content", "Answer in French."))
        .add(new JsonObject().put("role", "user").put("content", "Weather where this was taken?")
            .put("images", new JsonArray().add(PNG_DATA)))
        .add(new JsonObject().put("role", "assistant").put("content", "").put("tool_calls", new JsonArray()
            .add(ollamaCall("call_1", "get_weather", new JsonObject().put("city", "Paris")))
            .add(ollamaCall("call_2", "get_time", new JsonObject().put("zone", "Europe/Paris")))))
        .add(result("rain", "get_weather", "call_1"))
        .add(result("{\"time\":\"12:00\"}", "get_time", "call_2"))
        .add(new JsonObject().put("role", "user").put("content", "And Tokyo?")));
    assertThat(sent.getJsonArray("tools")).as("in OpenAI's function shape").isEqualTo(new JsonArray().add(weather)
        .add(time));
    assertThat(sent.getJsonObject("options")).isEqualTo(new JsonObject().put("temperature", 0.2).put("top_p", 0.9)
        .put("top_k", 40).put("num_predict", 300).put("stop", new JsonArray().add("END").add("STOP")).put("seed", 7)
        .put("presence_penalty", 0.5).put("frequency_penalty", -0.5));
    assertThat(sent.getJsonObject("format")).as("the schema as given: Ollama reads all of JSON Schema")
        .isEqualTo(schema);
    assertThat(sent.getBoolean("think")).isTrue();
  }

  @Test
  void theOfficialClientRunsAToolCallingLoop() {
    ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder().model("ollama/qwen3")
        .addUserMessage("Weather in Tokyo and Paris?").addTool(WeatherTool.SDK)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());

    // 1. Streamed: the thinking first, then the calls, each whole.
    replay("ollama-tool-call-stream.ndjson");
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(conversation.build())) {
      chunks = stream.stream().peek(accumulated::accumulate).toList();
    }
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta()._additionalProperties().get("reasoning_content")).filter(r -> r != null)
        .<String>map(r -> r.asStringOrThrow()).collect(Collectors.joining()))
        .isEqualTo("Okay, the user wants the weather in Tōkyō (東京) and Paris. I'll call get_weather for each. 🌦");
    ChatCompletion called = accumulated.chatCompletion();
    assertThat(called.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageFunctionToolCall> calls = called.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList();
    assertThat(calls.stream().map(c -> c.id()).toList()).as("generated: Ollama names none")
        .allMatch(id -> id.matches("call_[0-9a-z]+_[01]")).doesNotHaveDuplicates();
    assertThat(calls.stream().map(c -> c.function().arguments()).toList())
        .containsExactly("{\"city\":\"東京\"}", "{\"city\":\"Paris\"}");
    var usage = called.usage().orElseThrow();
    assertThat(List.of(usage.promptTokens(), usage.completionTokens())).containsExactly(187L, 96L);

    // 2. Not streamed: the client runs both and sends the results; the model answers with them.
    conversation.addMessage(called.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(0).id()).content("rain, 18 °C")
            .build())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(1).id()).content("sunny").build());
    replay("ollama-chat-stream.ndjson");
    ChatCompletion answer = client.chat().completions().create(conversation.build());
    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    JsonArray sent = ollama.calls().get(1).body().getJsonArray("messages");
    assertThat(sent.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "assistant").put("content", "")
        .put("tool_calls", new JsonArray()
            .add(ollamaCall(calls.get(0).id(), "get_weather", new JsonObject().put("city", "東京")))
            .add(ollamaCall(calls.get(1).id(), "get_weather", new JsonObject().put("city", "Paris")))));
    assertThat(sent.getJsonObject(2)).isEqualTo(result("rain, 18 °C", "get_weather", calls.get(0).id()));
    assertThat(sent.getJsonObject(3)).isEqualTo(result("sunny", "get_weather", calls.get(1).id()));

    // The same first step not streamed: the calls come assembled.
    replay("ollama-tool-call-stream.ndjson");
    ChatCompletion oneShot = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("ollama/qwen3").addUserMessage("Weather in Tokyo and Paris?").addTool(WeatherTool.SDK).build());
    assertThat(oneShot.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).map(c -> c.function().name() + c.function().arguments()).toList())
        .containsExactly("get_weather{\"city\":\"東京\"}", "get_weather{\"city\":\"Paris\"}");
  }

  /** What the structured-output helper of the client turns into a JSON schema and reads back. */
  public static class Forecast {
    public String city;
    public int degrees;
    public boolean sunny;
  }

  @Test
  void structuredOutputGivesOllamaTheSchemaAsFormat() {
    replay("ollama-json-stream.ndjson");
    StructuredChatCompletion<Forecast> forecast = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("ollama/qwen3").addUserMessage("Nice?").responseFormat(Forecast.class).build());
    Forecast parsed = forecast.choices().get(0).message().content().orElseThrow();
    assertThat(List.of(parsed.city, parsed.degrees, parsed.sunny)).containsExactly("Nice", 21, true);
    JsonObject format = ollama.calls().get(0).body().getJsonObject("format");
    assertThat(format.getJsonObject("properties").fieldNames()).containsExactlyInAnyOrder("city", "degrees", "sunny");
    assertThat(format.getBoolean("additionalProperties")).isFalse();

    replay("ollama-json-stream.ndjson");
    Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("model", "ollama/qwen3")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "JSON please")))
        .put("response_format", new JsonObject().put("type", "json_object")).encode());
    assertThat(ollama.calls().get(1).body().getString("format")).isEqualTo("json");
  }

  @Test
  void whatOllamaCannotHonourIsRefusedByNameBeforeItIsAsked() {
    JsonObject hi = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "hi")));
    JsonArray tools = new JsonArray().add(tool("get_weather", null, new JsonObject().put("type", "object")));
    assertRefused(hi.copy().put("tools", tools).put("tool_choice", "required"), "tool_choice",
        "cannot honour 'tool_choice'");
    assertRefused(hi.copy().put("n", 2), "n", "cannot honour 'n'");
    assertRefused(hi.copy().put("user", "user-42"), "user", "cannot honour 'user'");
    JsonObject byUrl = new JsonObject().put("role", "user").put("content", new JsonArray().add(new JsonObject()
        .put("type", "image_url").put("image_url", new JsonObject().put("url", "https://example.com/tokyo.jpg"))));
    assertRefused(new JsonObject().put("messages", new JsonArray().add(byUrl)), "image_url",
        "cannot honour images given by URL (send them as base64 data URLs)");
    assertThat(ollama.calls()).as("nothing reached Ollama").isEmpty();
  }

  /** System and developer instructions, a user's text and image, two calls and their results, a question. */
  private static JsonArray messages() {
    JsonArray image = new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "Weather where this was taken?"))
        .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject()
            .put("url", "data:image/png;base64," + PNG_DATA)));
    JsonArray calls = new JsonArray()
        .add(openAiCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))
        .add(openAiCall("call_2", "get_time", "{\"zone\":\"Europe/Paris\"}"));
    return new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", "Use tools."))
        .add(new JsonObject().put("role", "developer").put("content", "Answer in French."))
        .add(new JsonObject().put("role", "user").put("content", image))
        .add(new JsonObject().put("role", "assistant").put("content", null).put("tool_calls", calls))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "rain"))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_2").put("content", "{\"time\":\"12:00\"}"))
        .add(new JsonObject().put("role", "user").put("content", "And Tokyo?"));
  }

  private static JsonObject tool(String name, String description, JsonObject parameters) {
    JsonObject function = new JsonObject().put("name", name);
    if (description != null) {
      function.put("description", description);
    }
    return new JsonObject().put("type", "function").put("function", function.put("parameters", parameters));
  }

  private static JsonObject openAiCall(String id, String name, String arguments) {
    return new JsonObject().put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  private static JsonObject ollamaCall(String id, String name, JsonObject arguments) {
    return new JsonObject().put("id", id)
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  private static JsonObject result(String content, String name, String id) {
    return new JsonObject().put("role", "tool").put("content", content).put("tool_name", name).put("tool_call_id", id);
  }

  private void assertRefused(JsonObject request, String param, String why) {
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"),
        request.put("model", "ollama/qwen3").encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("param")).isEqualTo(param);
    assertThat(error.getString("message")).startsWith("The ollama provider (model qwen3) " + why);
  }

  private void replay(String recording) {
    ollama.replay(FakeOpenAi.recording(recording), OpenAiRelayTest.AWKWARD, 0);
  }
}
