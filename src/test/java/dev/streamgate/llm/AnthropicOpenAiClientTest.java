package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.WeatherTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenAI's official client, pointed at the gateway, drives Claude through {@code /v1/chat/completions}:
 * a tool-calling loop (streamed and not) and a structured answer, against replays of Anthropic streams
 * cut at awkward byte boundaries.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnthropicOpenAiClientTest {

  private static final String PARIS = "toolu_01T1x1fJ34qAmk2tNTrN7Up6";
  private static final String TOKYO = "toolu_01A09q90qw90lq917835lq9";
  private static final String ANSWER =
      "Paris is sunny at 24 °C; Tokyo is rainy at 18 °C — take an umbrella there ☔.\n\nAnything else?";

  private FakeOpenAi anthropic;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    anthropic = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", "k"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aStreamedToolCallingLoop() {
    ChatCompletionCreateParams.Builder conversation = conversation()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
    replay("anthropic-tool-use-stream.txt");
    ChatCompletion called = streamed(conversation.build());
    assertToolCalls(called);
    assertThat(called.usage().orElseThrow().promptTokens()).isEqualTo(2226);
    assertThat(called.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens()).contains(1536L);

    replay("anthropic-text-stream.txt");
    ChatCompletion answer = streamed(withResults(conversation, called).build());
    assertAnswer(answer);
    assertToolResultsReachedAnthropic();
  }

  @Test
  void aToolCallingLoopNotStreamed() {
    ChatCompletionCreateParams.Builder conversation = conversation();
    replay("anthropic-tool-use-stream.txt");
    ChatCompletion called = client.chat().completions().create(conversation.build());
    assertToolCalls(called);

    replay("anthropic-text-stream.txt");
    assertAnswer(client.chat().completions().create(withResults(conversation, called).build()));
    assertToolResultsReachedAnthropic();
  }

  /** What the client's structured-output helper turns into a JSON schema and reads back. */
  public static class Forecast {
    public String city;
    public int degrees;
    public boolean sunny;
  }

  @Test
  void aStructuredAnswerIsTheAnswerToolsInput() {
    replay("anthropic-json-answer-stream.txt");
    StructuredChatCompletion<Forecast> forecast = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("claude-sonnet-4-5").addUserMessage("Weather in Nice?").responseFormat(Forecast.class)
        .build());
    Forecast parsed = forecast.choices().get(0).message().content().orElseThrow();
    assertThat(parsed.city).isEqualTo("Nice");
    assertThat(parsed.degrees).isEqualTo(24);
    assertThat(parsed.sunny).isTrue();
    assertThat(forecast.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(forecast.choices().get(0).message().toolCalls()).as("the answer tool is no tool call").isEmpty();

    JsonObject sent = anthropic.calls().get(0).body();
    JsonObject tool = sent.getJsonArray("tools").getJsonObject(0);
    assertThat(tool.getString("name")).isEqualTo("json_tool_call");
    assertThat(tool.getJsonObject("input_schema").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("city", "degrees", "sunny");
    assertThat(sent.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "json_tool_call"));
  }

  @Test
  void aClientToolNamedLikeTheAnswerToolStaysTheClients() {
    // The client's own tool is called json_tool_call, the name the answer tool usually has.
    ChatCompletionTool own = ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder()
        .function(WeatherTool.SDK.asFunction().function().toBuilder().name("json_tool_call").build()).build());
    anthropic.replay(new String(FakeOpenAi.recording("anthropic-tool-use-stream.txt"), StandardCharsets.UTF_8)
        .replace("get_weather", "json_tool_call").getBytes(StandardCharsets.UTF_8), OpenAiRelayTest.AWKWARD, 0);
    ChatCompletion called = streamed(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("Weather in Paris and Tokyo?").addTool(own).build());
    assertThat(called.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList())
        .extracting(call -> call.function().name(), call -> call.function().arguments())
        .containsExactly(tuple("json_tool_call", "{\"city\": \"Paris\"}"),
            tuple("json_tool_call", "{\"city\": \"Tokyo\"}"));

    // With a JSON answer asked for as well, the answer tool takes another name.
    replay("anthropic-json-answer-stream.txt");
    client.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("Weather in Nice?").addTool(own).responseFormat(ResponseFormatJsonObject.builder().build())
        .build());
    JsonObject sent = anthropic.calls().get(1).body();
    assertThat(sent.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .containsExactly("json_tool_call", "json_tool_call_2");
  }

  private ChatCompletionCreateParams.Builder conversation() {
    return ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("Weather in Paris and Tokyo?").addTool(WeatherTool.SDK);
  }

  private ChatCompletion streamed(ChatCompletionCreateParams params) {
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulated::accumulate);
    }
    return accumulated.chatCompletion();
  }

  /** The conversation with the model's calls and a result for each. */
  private static ChatCompletionCreateParams.Builder withResults(ChatCompletionCreateParams.Builder conversation,
      ChatCompletion called) {
    conversation.addMessage(called.choices().get(0).message());
    for (ChatCompletionMessageFunctionToolCall call : called.choices().get(0).message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList()) {
      String city = new JsonObject(call.function().arguments()).getString("city");
      conversation.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
          .content(city.equals("Paris") ? "sunny, 24 °C" : "rain, 18 °C").build());
    }
    return conversation;
  }

  private static void assertToolCalls(ChatCompletion called) {
    ChatCompletion.Choice choice = called.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(choice.message().content()).contains("I'll check the weather in both cities.");
    List<ChatCompletionMessageFunctionToolCall> calls = choice.message().toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction).toList();
    assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).containsExactly(PARIS, TOKYO);
    assertThat(calls).extracting(call -> call.function().name()).containsOnly("get_weather");
    assertThat(calls).extracting(call -> call.function().arguments())
        .containsExactly("{\"city\": \"Paris\"}", "{\"city\": \"Tokyo\"}");
  }

  private static void assertAnswer(ChatCompletion answer) {
    assertThat(answer.choices().get(0).message().content()).contains(ANSWER);
    assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
  }

  /** The second request: the calls as tool_use blocks, their results together in one user message. */
  private void assertToolResultsReachedAnthropic() {
    JsonArray messages = anthropic.calls().get(1).body().getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")))
        .containsExactly("user", "assistant", "user");
    JsonArray calls = messages.getJsonObject(1).getJsonArray("content");
    assertThat(calls.getJsonObject(0)).isEqualTo(new JsonObject().put("type", "text")
        .put("text", "I'll check the weather in both cities."));
    assertThat(calls.getJsonObject(1)).isEqualTo(new JsonObject().put("type", "tool_use").put("id", PARIS)
        .put("name", "get_weather").put("input", new JsonObject().put("city", "Paris")));
    assertThat(calls.getJsonObject(2).getJsonObject("input")).isEqualTo(new JsonObject().put("city", "Tokyo"));
    assertThat(messages.getJsonObject(2).getJsonArray("content")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("type", "tool_result").put("tool_use_id", PARIS).put("content", "sunny, 24 °C"))
        .add(new JsonObject().put("type", "tool_result").put("tool_use_id", TOKYO).put("content", "rain, 18 °C")));
  }

  private void replay(String recording) {
    anthropic.replay(FakeOpenAi.recording(recording), OpenAiRelayTest.AWKWARD, 0);
  }
}
