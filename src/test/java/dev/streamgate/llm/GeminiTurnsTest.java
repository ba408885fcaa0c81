package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
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
import dev.streamgate.support.Turn;
import dev.streamgate.support.WeatherTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole turns beyond text through {@code /v1/chat/completions} to Gemini, replayed from recorded
 * streams in awkward pieces by a local fake: what Gemini receives, field by field; OpenAI's official
 * client running a tool-calling loop and a structured-output request; what Gemini cannot honour
 * refused by name; two candidates as two choices.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GeminiTurnsTest {

  static final String PNG_DATA = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmM"
      + "IQAAAABJRU5ErkJggg==";
  static final String PNG = "data:image/png;base64," + PNG_DATA;
  /** The thought signature of the first call in {@code gemini-tool-call-stream.txt}. */
  static final String SIGNATURE = "CiQBjz1rX8hX1VwXb3m0hW0nJm6bq4r9yY5v2Vd5n2m4k3Qq3m0KYgGPPWtfY0rXr0v3dG9Q0c2VqZ1h4"
      + "b3l3Z2h0c2lnbmF0dXJlc2FyZW9wYXF1ZWJ5dGVzCnUBjz1rX1pZ";
  static final String ANSWER = new String(FakeOpenAi.recording("expected-text.txt"), StandardCharsets.UTF_8);

  private FakeOpenAi gemini;
  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gemini = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "gemini", "GEMINI_BASE_URL", gemini.root(),
        "GEMINI_API_KEY", "AIzaTest0123456789", "GENAI_MODEL_ID", "gemini-2.5-flash"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void everyPartOfARichTurnReachesGeminiInItsOwnShape() {
    replay("gemini-tool-call-stream.txt");
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), richRequest().encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);

    FakeOpenAi.Call call = gemini.calls().get(0);
    assertThat(call.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(call.headers().get("x-goog-api-key")).isEqualTo("AIzaTest0123456789");
    JsonObject sent = call.body();
    assertThat(sent.fieldNames()).containsExactlyInAnyOrder("systemInstruction", "contents", "tools", "toolConfig",
        "generationConfig");
    assertThat(sent.getJsonObject("systemInstruction")).isEqualTo(new JsonObject()
        .put("parts", new JsonArray().add(new JsonObject().put("text", "Use tools.\n\nAnswer in French."))));
    JsonArray contents = sent.getJsonArray("contents");
    assertThat(contents).hasSize(3);
    assertThat(contents.getJsonObject(0)).as("user text and inline image").isEqualTo(new JsonObject()
        .put("role", "user").put("parts", new JsonArray()
            .add(new JsonObject().put("text", "Weather where this was taken?"))
            .add(new JsonObject().put("inlineData",
                new JsonObject().put("mimeType", "image/png").put("data", PNG_DATA)))));
    assertThat(contents.getJsonObject(1)).as("the assistant's calls, the first signed as Gemini 3 requires")
        .isEqualTo(new JsonObject().put("role", "model").put("parts", new JsonArray()
            .add(functionCall("call_1", "get_weather", new JsonObject().put("city", "Paris"))
                .put("thoughtSignature", "skip_thought_signature_validator"))
            .add(functionCall("call_2", "get_time", new JsonObject().put("zone", "Europe/Paris")))));
    assertThat(contents.getJsonObject(2)).as("both results and the next question in one user turn")
        .isEqualTo(new JsonObject().put("role", "user").put("parts", new JsonArray()
            .add(functionResponse("call_1", "get_weather", new JsonObject().put("content", "rain")))
            .add(functionResponse("call_2", "get_time", new JsonObject().put("time", "12:00")))
            .add(new JsonObject().put("text", "And Tokyo?"))));
    assertThat(sent.getJsonArray("tools")).isEqualTo(new JsonArray().add(new JsonObject()
        .put("functionDeclarations", new JsonArray()
            .add(new JsonObject().put("name", "get_weather").put("description", "The weather in a city")
                .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()
                        .put("city", new JsonObject().put("type", "string").put("description", "City"))
                        .put("unit", new JsonObject().put("type", "string").put("nullable", true)
                            .put("enum", new JsonArray().add("c").add("f"))))
                    .put("required", new JsonArray().add("city").add("unit"))))
            .add(new JsonObject().put("name", "get_time")))));
    assertThat(sent.getJsonObject("toolConfig")).isEqualTo(new JsonObject().put("functionCallingConfig",
        new JsonObject().put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add("get_weather"))));
    assertThat(sent.getJsonObject("generationConfig")).isEqualTo(new JsonObject().put("temperature", 0.2)
        .put("topP", 0.9).put("topK", 40).put("maxOutputTokens", 300).put("stopSequences", new JsonArray().add("END"))
        .put("seed", 7).put("presencePenalty", 0.5).put("frequencyPenalty", -0.5).put("candidateCount", 2)
        .put("responseMimeType", "application/json").put("responseSchema", new JsonObject().put("type", "object")
            .put("properties", new JsonObject()
                .put("city", new JsonObject().put("type", "object").put("properties", new JsonObject()
                    .put("name", new JsonObject().put("type", "string").put("minLength", 1)))
                    .put("required", new JsonArray().add("name")))
                .put("tags", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")))
                .put("level", new JsonObject().put("type", "string").put("enum", new JsonArray().add("high"))))
            .put("required", new JsonArray().add("city").add("tags")))
        .put("thinkingConfig", new JsonObject().put("thinkingBudget", 1024).put("includeThoughts", true)));
  }

  @Test
  void theOfficialClientRunsAToolCallingLoop() {
    ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
        .addUserMessage("Weather in Tokyo and Paris?").addTool(WeatherTool.SDK)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());

    // 1. Streamed: reasoning first, then both calls, each whole.
    replay("gemini-tool-call-stream.txt");
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(conversation.build())) {
      chunks = stream.stream().peek(accumulated::accumulate).toList();
    }
    assertThat(chunks.stream().flatMap(c -> c.choices().stream())
        .map(c -> c.delta()._additionalProperties().get("reasoning_content")).filter(r -> r != null)
        .<String>map(r -> r.asStringOrThrow()).collect(Collectors.joining()))
        .startsWith("**Finding the weather tool**").endsWith("I'll make them together. 🌦\n");
    ChatCompletion called = accumulated.chatCompletion();
    assertThat(called.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageFunctionToolCall> calls = called.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).id()).as("generated (Gemini names none), carrying the call's thought signature")
        .matches("call_[0-9a-z]+_0__thought__" + Pattern.quote(SIGNATURE));
    assertThat(calls.get(1).id()).as("unsigned, as it came")
        .isEqualTo(calls.get(0).id().replace("0__thought__" + SIGNATURE, "1"));
    assertThat(calls).allSatisfy(c -> assertThat(c.function().name()).isEqualTo("get_weather"));
    assertThat(calls.get(0).function().arguments()).isEqualTo("{\"city\":\"東京\"}");
    assertThat(calls.get(1).function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    var usage = called.usage().orElseThrow();
    assertThat(List.of(usage.promptTokens(), usage.completionTokens())).containsExactly(54L, 178L);
    assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(32L);
    assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(161L);

    // 2. Not streamed: the client runs both and sends the results; Gemini answers with them.
    conversation.addMessage(called.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(0).id()).content("rain, 18 °C")
            .build())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(calls.get(1).id()).content("{\"temp\": 21}")
            .build());
    replay("gemini-stream.txt");
    ChatCompletion answer = client.chat().completions().create(conversation.build());
    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    JsonArray contents = gemini.calls().get(1).body().getJsonArray("contents");
    String first = calls.get(0).id().substring(0, calls.get(0).id().indexOf("__thought__"));
    assertThat(contents.getJsonObject(1).getJsonArray("parts")).as("the signature back where it came, byte for byte")
        .isEqualTo(new JsonArray()
            .add(functionCall(first, "get_weather", new JsonObject().put("city", "東京"))
                .put("thoughtSignature", SIGNATURE))
            .add(functionCall(calls.get(1).id(), "get_weather", new JsonObject().put("city", "Paris"))));
    assertThat(contents.getJsonObject(2)).isEqualTo(new JsonObject().put("role", "user").put("parts", new JsonArray()
        .add(functionResponse(first, "get_weather", new JsonObject().put("content", "rain, 18 °C")))
        .add(functionResponse(calls.get(1).id(), "get_weather", new JsonObject().put("temp", 21)))));

    // The same first step not streamed: the calls come assembled, with ids of their own.
    replay("gemini-tool-call-stream.txt");
    ChatCompletion oneShot = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gemini-2.5-flash").addUserMessage("Weather in Tokyo and Paris?").addTool(WeatherTool.SDK).build());
    List<ChatCompletionMessageFunctionToolCall> again = oneShot.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList();
    assertThat(again.stream().map(c -> c.function().arguments()).toList())
        .containsExactly("{\"city\":\"東京\"}", "{\"city\":\"Paris\"}");
    assertThat(again.get(0).id()).as("unique within the conversation").isNotEqualTo(calls.get(0).id());
  }

  @Test
  void aHistoryOfSignedCallsReachesOtherProvidersWithEachCallsOwnId(Vertx vertx) {
    // A node of its own, in a Vert.x of its own: two nodes on one event bus would share their services.
    Vertx apart = Vertx.vertx();
    try {
      signedHistoryToOtherProviders(FakeOpenAi.start(vertx), apart);
    } finally {
      apart.close().await();
    }
  }

  private void signedHistoryToOtherProviders(FakeOpenAi other, Vertx apart) {
    GatewayUnderTest mixed = GatewayUnderTest.start(apart, Map.of("LLM_PROVIDER", "gemini",
        "GEMINI_BASE_URL", gemini.root(), "GEMINI_API_KEY", "AIzaTest0123456789",
        "OPENAI_BASE_URL", other.baseUrl(), "OPENAI_API_KEY", "sk-test",
        "ANTHROPIC_BASE_URL", other.root(), "ANTHROPIC_API_KEY", "sk-ant-test"));
    replay("gemini-tool-call-stream.txt");
    JsonObject asked = new JsonObject().put("model", "gemini-2.5-flash")
        .put("messages", new JsonArray().add(message("user", "Weather in Tokyo and Paris?")))
        .put("tools", new JsonArray().add(weatherTool()));
    Http.Reply called = Http.postJson(mixed.url("/v1/chat/completions"), asked.encode());
    assertThat(called.status()).as(called.body()).isEqualTo(200);
    JsonObject assistant = called.json().getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    String signed = assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id");
    String own = signed.substring(0, signed.indexOf("__thought__"));
    assertThat(signed).isEqualTo(own + "__thought__" + SIGNATURE);
    JsonArray history = asked.getJsonArray("messages").copy().add(assistant)
        .add(message("tool", "rain").put("tool_call_id", signed))
        .add(message("tool", "sun").put("tool_call_id",
            assistant.getJsonArray("tool_calls").getJsonObject(1).getString("id")));

    other.replay(FakeOpenAi.recording("openai-chat-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    Http.Reply openAi = Http.postJson(mixed.url("/v1/chat/completions"),
        asked.copy().put("model", "gpt-4o-mini").put("messages", history).encode());
    assertThat(openAi.status()).as(openAi.body()).isEqualTo(200);
    JsonArray sent = other.calls().get(0).body().getJsonArray("messages");
    assertThat(sent.getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0).getString("id"))
        .as("OpenAI takes ids of at most 40 characters").isEqualTo(own).hasSizeLessThanOrEqualTo(40);
    assertThat(sent.getJsonObject(2).getString("tool_call_id")).isEqualTo(own);
    assertThat(other.calls().get(0).body().encode()).doesNotContain("__thought__");

    other.replay(FakeOpenAi.recording("anthropic-text-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    Http.Reply anthropic = Http.postJson(mixed.url("/v1/chat/completions"),
        asked.copy().put("model", "claude-sonnet-4-5").put("messages", history).encode());
    assertThat(anthropic.status()).as(anthropic.body()).isEqualTo(200);
    JsonArray turns = other.calls().get(1).body().getJsonArray("messages");
    assertThat(turns.getJsonObject(1).getJsonArray("content").getJsonObject(0).getString("id"))
        .as("Anthropic takes ids of letters, digits, _ and -").isEqualTo(own);
    assertThat(turns.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("tool_use_id"))
        .isEqualTo(own);
    assertThat(other.calls().get(1).body().encode()).doesNotContain("__thought__");
  }

  /** What the structured-output helper of the client turns into a JSON schema and reads back. */
  public static class Forecast {
    public String city;
    public int degrees;
    public boolean sunny;
  }

  @Test
  void structuredOutputAsksForJsonOfTheSchemaInGeminisDialect() {
    replay("gemini-json-stream.txt");
    StructuredChatCompletion<Forecast> forecast = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("gemini-2.5-flash").addUserMessage("Nice?").responseFormat(Forecast.class).build());
    Forecast parsed = forecast.choices().get(0).message().content().orElseThrow();
    assertThat(List.of(parsed.city, parsed.degrees, parsed.sunny)).containsExactly("Nice", 21, true);

    JsonObject config = gemini.calls().get(0).body().getJsonObject("generationConfig");
    assertThat(config.getString("responseMimeType")).isEqualTo("application/json");
    JsonObject schema = config.getJsonObject("responseSchema");
    assertThat(schema.encode()).doesNotContain("additionalProperties").doesNotContain("$schema");
    assertThat(schema.getJsonObject("properties").fieldNames()).containsExactlyInAnyOrder("city", "degrees", "sunny");
    assertThat(schema.getJsonObject("properties").getJsonObject("degrees").getString("type")).isEqualTo("integer");
  }

  @Test
  void whatGeminiCannotHonourIsRefusedByNameBeforeItIsAsked() {
    JsonObject byUrl = message("user", new JsonArray().add(new JsonObject().put("type", "image_url")
        .put("image_url", new JsonObject().put("url", "https://example.com/tokyo.jpg"))));
    assertRefused(new JsonObject().put("messages", new JsonArray().add(byUrl)), "image_url",
        "cannot honour images given by URL (send them as base64 data URLs)");
    JsonObject hi = new JsonObject().put("messages", new JsonArray().add(message("user", "hi")));
    assertRefused(hi.copy().put("user", "user-42"), "user", "cannot honour 'user'");
    assertRefused(hi.copy().put("parallel_tool_calls", false).put("tools", new JsonArray().add(weatherTool())),
        "parallel_tool_calls", "cannot honour 'parallel_tool_calls'");
    assertThat(gemini.calls()).as("nothing reached Gemini").isEmpty();
  }

  @Test
  void twoCandidatesStreamAsTwoChoicesEachWithItsIndexAndFinish() {
    replay("gemini-candidates-stream.txt");
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
        .addUserMessage("Greet me twice").n(2).build();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = stream.stream().toList();
    }
    assertThat(text(chunks, 0)).isEqualTo("Bonjour ! Ça va, l'été ? ☀️");
    assertThat(text(chunks, 1)).isEqualTo("Salut tout le monde, ça roule ? 🚲");
    assertThat(finishes(chunks, 0)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
    assertThat(finishes(chunks, 1)).containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
    assertThat(gemini.calls().get(0).body().getJsonObject("generationConfig").getInteger("candidateCount"))
        .isEqualTo(2);

    replay("gemini-candidates-stream.txt");
    ChatCompletion whole = client.chat().completions().create(params);
    assertThat(whole.choices()).hasSize(2);
    assertThat(whole.choices().get(1).index()).isEqualTo(1);
    assertThat(whole.choices().get(1).message().content()).contains("Salut tout le monde, ça roule ? 🚲");
    assertThat(whole.choices().get(1).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
  }

  @Test
  void anImageInTheAnswerEndsTheTurnWithAnErrorThatNamesIt() throws Exception {
    String stream = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Here is your cat:\"}],"
        + "\"role\": \"model\"},\"index\": 0}],\"modelVersion\": \"gemini-2.5-flash-image\"}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"inlineData\": {\"mimeType\": \"image/png\","
        + "\"data\": \"" + PNG_DATA + "\"}}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],"
        + "\"usageMetadata\": {\"promptTokenCount\": 5,\"candidatesTokenCount\": 1295,\"totalTokenCount\": 1300},"
        + "\"modelVersion\": \"gemini-2.5-flash-image\"}\r\n\r\n";
    gemini.replay(stream.getBytes(StandardCharsets.UTF_8), FakeOpenAi.AWKWARD, 0);
    Turn turn = Turn.run(gateway, new JsonObject().put("message", "Draw a cat").put("model", "gemini-2.5-flash-image"));
    assertThat(turn.answer()).isEqualTo("Here is your cat:");
    assertThat(turn.last().getString("type")).isEqualTo("error");
    assertThat(turn.last().getString("code")).isEqualTo("upstream_error");
    assertThat(turn.last().getString("message")).as("not an answer cut short without a word")
        .contains("a part of inlineData (image/png)").contains("does not relay").doesNotContain(PNG_DATA);
  }

  /** System and developer instructions, a user's text and image, two calls and their results, tools, parameters. */
  private static JsonObject richRequest() {
    JsonObject assistant = message("assistant", null).put("tool_calls", new JsonArray()
        .add(toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))
        .add(toolCall("call_2", "get_time", "{\"zone\":\"Europe/Paris\"}")));
    JsonArray messages = new JsonArray().add(message("system", "Use tools."))
        .add(message("developer", "Answer in French."))
        .add(message("user", new JsonArray()
            .add(new JsonObject().put("type", "text").put("text", "Weather where this was taken?"))
            .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", PNG)
                .put("detail", "low")))))
        .add(assistant)
        .add(message("tool", "rain").put("tool_call_id", "call_1"))
        .add(message("tool", "{\"time\":\"12:00\"}").put("tool_call_id", "call_2"))
        .add(message("user", "And Tokyo?"));
    JsonObject timeTool = new JsonObject().put("type", "function").put("function", new JsonObject()
        .put("name", "get_time")
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject())));
    JsonObject schema = new JsonObject().put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("type", "object").put("properties", new JsonObject()
            .put("city", new JsonObject().put("$ref", "#/$defs/City"))
            .put("tags", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")
                .put("format", "uuid")))
            .put("level", new JsonObject().put("const", "high")))
        .put("required", new JsonArray().add("city").add("tags").add("missing")).put("additionalProperties", false)
        .put("$defs", new JsonObject().put("City", new JsonObject().put("type", "object").put("properties",
            new JsonObject().put("name", new JsonObject().put("type", "string").put("minLength", 1)))
            .put("required", new JsonArray().add("name")).put("additionalProperties", false)));
    return new JsonObject().put("model", "gemini-2.5-flash").put("messages", messages)
        .put("tools", new JsonArray().add(weatherTool()).add(timeTool))
        .put("tool_choice", new JsonObject().put("type", "function")
            .put("function", new JsonObject().put("name", "get_weather")))
        .put("temperature", 0.2).put("top_p", 0.9).put("top_k", 40).put("max_completion_tokens", 300).put("stop", "END")
        .put("seed", 7).put("presence_penalty", 0.5).put("frequency_penalty", -0.5).put("reasoning_effort", "low")
        .put("n", 2).put("stream", true).put("response_format", new JsonObject().put("type", "json_schema")
            .put("json_schema", new JsonObject().put("name", "weather").put("strict", true).put("schema", schema)));
  }

  /** {@code get_weather} as OpenAI's strict mode writes it: every property required, an optional one nullable. */
  static JsonObject weatherTool() {
    return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather")
        .put("description", "The weather in a city").put("strict", true).put("parameters", new JsonObject()
            .put("$schema", "http://json-schema.org/draft-07/schema#").put("type", "object")
            .put("properties", new JsonObject()
                .put("city", new JsonObject().put("type", "string").put("description", "City"))
                .put("unit", new JsonObject().put("type", new JsonArray().add("string").add("null"))
                    .put("enum", new JsonArray().add("c").add("f").addNull())))
            .put("required", new JsonArray().add("city").add("unit")).put("additionalProperties", false)));
  }

  static JsonObject message(String role, Object content) {
    return new JsonObject().put("role", role).put("content", content);
  }

  static JsonObject toolCall(String id, String name, String arguments) {
    return new JsonObject().put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  private static JsonObject functionCall(String id, String name, JsonObject args) {
    return new JsonObject().put("functionCall", new JsonObject().put("id", id).put("name", name).put("args", args));
  }

  private static JsonObject functionResponse(String id, String name, JsonObject response) {
    return new JsonObject().put("functionResponse", new JsonObject().put("id", id).put("name", name)
        .put("response", response));
  }

  private void assertRefused(JsonObject request, String param, String why) {
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"),
        request.put("model", "gemini-2.5-flash").encode());
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("param")).isEqualTo(param);
    assertThat(error.getString("message")).startsWith("The gemini provider (model gemini-2.5-flash) " + why);
  }

  private static String text(List<ChatCompletionChunk> chunks, long index) {
    return chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.index() == index)
        .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
  }

  private static List<ChatCompletionChunk.Choice.FinishReason> finishes(List<ChatCompletionChunk> chunks, long index) {
    return chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.index() == index)
        .flatMap(c -> c.finishReason().stream()).toList();
  }

  private void replay(String recording) {
    gemini.replay(FakeOpenAi.recording(recording), OpenAiRelayTest.AWKWARD, 0);
  }
}
