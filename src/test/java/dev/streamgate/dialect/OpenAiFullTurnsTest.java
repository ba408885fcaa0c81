package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.WeatherTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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
 * Whole turns beyond text through {@code /v1/chat/completions}, driven by OpenAI's official client
 * against the embedded mock (which answers each deterministically): a tool-calling loop, structured
 * output, several answers, reasoning, an image, stop sequences and a token bound.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiFullTurnsTest {

  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void aToolCallingAgentRunsItsWholeLoop() {
    ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder().model("mock-echo")
        .addUserMessage("Paris").addTool(WeatherTool.SDK);

    // 1. The model calls the tool (streamed: id and name first, then the arguments in fragments).
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(conversation.build())) {
      chunks = stream.stream().peek(accumulated::accumulate).toList();
    }
    List<ChatCompletionChunk.Choice.Delta.ToolCall> fragments = chunks.stream().flatMap(c -> c.choices().stream())
        .flatMap(choice -> choice.delta().toolCalls().orElse(List.of()).stream()).toList();
    assertThat(fragments.get(0).id()).contains("call_mock_get_weather");
    assertThat(fragments.get(0).function().orElseThrow().name()).contains("get_weather");
    assertThat(fragments.subList(1, fragments.size())).as("argument fragments").hasSizeGreaterThan(1)
        .allSatisfy(fragment -> assertThat(fragment.id()).isEmpty());
    ChatCompletion called = accumulated.chatCompletion();
    assertThat(called.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    ChatCompletionMessageFunctionToolCall call = called.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(new JsonObject(call.function().arguments())).isEqualTo(new JsonObject().put("city", "Paris"));

    // 2. The client runs it and sends the result; the model answers with it.
    conversation.addMessage(called.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("sunny, 24 °C").build());
    ChatCompletion answer = client.chat().completions().create(conversation.build());
    assertThat(answer.choices().get(0).message().content()).contains("The tool get_weather returned: sunny, 24 °C");
    assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
  }

  @Test
  void aToolCallAnsweredInOnePieceIsTheAssembledMessage() {
    ChatCompletion called = client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-echo")
        .addUserMessage("Lyon").addTool(WeatherTool.SDK).build());
    ChatCompletion.Choice choice = called.choices().get(0);
    assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(choice.message().content()).isEmpty();
    ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_mock_get_weather");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Lyon\"}");
  }

  /** What the structured-output helper of the client turns into a JSON schema and reads back. */
  public static class Forecast {
    public String city;
    public int degrees;
    public boolean sunny;
  }

  @Test
  void structuredOutputFollowsTheSchema() {
    StructuredChatCompletion<Forecast> forecast = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mock-echo").addUserMessage("Nice").responseFormat(Forecast.class).build());
    Forecast parsed = forecast.choices().get(0).message().content().orElseThrow();
    assertThat(parsed.city).isEqualTo("Nice");
    assertThat(parsed.degrees).isEqualTo(42);
    assertThat(parsed.sunny).isTrue();
  }

  @Test
  void severalAnswersStreamEachWithItsIndexAndComeWholeEachApart() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock-echo").addUserMessage("twice")
        .n(2).build();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = stream.stream().toList();
    }
    for (long index : new long[] {0, 1}) {
      String text = chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.index() == index)
          .map(c -> c.delta().content().orElse("")).collect(Collectors.joining());
      assertThat(text).startsWith("(answer " + (index + 1) + " of 2) This is turn 1").doesNotContain("of 2) (answer");
      assertThat(chunks.stream().flatMap(c -> c.choices().stream())
          .filter(c -> c.index() == index && c.finishReason().isPresent())).hasSize(1);
    }

    ChatCompletion whole = client.chat().completions().create(params);
    assertThat(whole.choices()).hasSize(2);
    assertThat(whole.choices().get(1).index()).isEqualTo(1);
    assertThat(whole.choices().get(1).message().content().orElseThrow()).startsWith("(answer 2 of 2) This is turn 1");
  }

  @Test
  void reasoningStreamsApartFromTheAnswer() {
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("model", "mock-echo")
        .put("stream", true).put("reasoning_effort", "low").put("messages", new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "think"))).encode());
    List<JsonObject> deltas = reply.body().lines().filter(line -> line.startsWith("data: {"))
        .map(line -> new JsonObject(line.substring(6)).getJsonArray("choices"))
        .filter(choices -> !choices.isEmpty()).map(choices -> choices.getJsonObject(0).getJsonObject("delta")).toList();
    String reasoning = deltas.stream().map(d -> d.getString("reasoning_content", "")).collect(Collectors.joining());
    String content = deltas.stream().map(d -> d.getString("content", "")).collect(Collectors.joining());
    assertThat(reasoning).isEqualTo("The user wrote \"think\"; I will say it back. ");
    assertThat(content).startsWith("This is turn 1 of our conversation.").doesNotContain("I will say it back");

    ChatCompletion whole = client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-echo")
        .addUserMessage("think").reasoningEffort(ReasoningEffort.LOW).build());
    assertThat(whole.choices().get(0).message()._additionalProperties().get("reasoning_content"))
        .isEqualTo(JsonValue.from("The user wrote \"think\"; I will say it back. "));
  }

  @Test
  void anImageReachesTheModel() {
    ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-echo")
        .addMessage(ChatCompletionUserMessageParam.builder().contentOfArrayOfContentParts(List.of(
            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                    .url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
                    .build()).build()))).build())
        .build());
    assertThat(answer.choices().get(0).message().content().orElseThrow())
        .contains("You said: \"What is this?\". You showed me 1 image.");
  }

  @Test
  void stopSequencesAndTheTokenBoundEndTheAnswer() {
    ChatCompletion stopped = client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-echo")
        .addUserMessage("x").stop("conversation").build());
    assertThat(stopped.choices().get(0).message().content()).contains("This is turn 1 of our ");
    assertThat(stopped.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);

    ChatCompletion bounded = client.chat().completions().create(ChatCompletionCreateParams.builder().model("mock-echo")
        .addUserMessage("x").maxCompletionTokens(3L).build());
    assertThat(bounded.choices().get(0).message().content()).contains("This is turn ");
    assertThat(bounded.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
    assertThat(bounded.usage().orElseThrow().completionTokens()).isEqualTo(3);
  }
}
