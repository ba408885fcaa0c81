package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic's Java SDK and the Responses client of OpenAI's, each given only Streamgate's base URL,
 * run their streaming, whole-answer, tool-use and multi-turn flows with each of the four providers
 * behind it, the provider a local server replaying a recorded stream cut at awkward bytes. Each flow
 * checks what the SDK read and what the provider was sent (the conversation so far, the tool results).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SdksOverEveryProviderTest {

  /** A provider and its recordings: a text answer (with the text it holds) and an answer calling get_weather. */
  record Provider(String name, String textRecording, String text, String toolRecording) {
    @Override
    public String toString() {
      return name;
    }

    String model() {
      return name + "/any-model";
    }
  }

  static Stream<Arguments> providers() {
    String text = new String(FakeOpenAi.recording("expected-text.txt"), StandardCharsets.UTF_8);
    return Stream.of(
        new Provider("openai", "openai-chat-stream.txt",
            new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8),
            "openai-tool-call-stream.txt"),
        new Provider("anthropic", "anthropic-messages-stream.txt", text, "anthropic-tool-use-stream.txt"),
        new Provider("gemini", "gemini-stream.txt", text, "gemini-tool-call-stream.txt"),
        new Provider("ollama", "ollama-chat-stream.ndjson", text, "ollama-tool-call-stream.ndjson"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void anthropicsSdk(Provider provider, Vertx vertx) {
    FakeOpenAi upstream = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = start(vertx, provider, upstream);
    AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey("k").maxRetries(0).build();
    try {
      replay(upstream, provider.textRecording());
      MessageAccumulator streamed = MessageAccumulator.create();
      MessageCreateParams.Builder conversation = MessageCreateParams.builder().model(provider.model()).maxTokens(1024)
          .system("Answer in English.").addUserMessage("First question");
      try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(conversation.build())) {
        stream.stream().forEach(streamed::accumulate);
      }
      Message first = streamed.message();
      assertThat(anthropicText(first)).as("streamed").isEqualTo(provider.text());
      assertThat(first.stopReason()).contains(StopReason.END_TURN);

      replay(upstream, provider.textRecording());
      conversation.addMessage(first).addUserMessage("Second question");
      Message second = client.messages().create(conversation.build());
      assertThat(anthropicText(second)).as("whole").isEqualTo(provider.text());
      assertThat(lastCall(upstream)).as("the provider got the conversation so far")
          .contains("Answer in English.", "First question", "Second question", firstWords(provider.text()));

      replay(upstream, provider.toolRecording());
      conversation.addMessage(second).addTool(AnthropicDialectTest.WEATHER).addUserMessage("Weather in Paris and Tokyo?");
      Message called = client.messages().create(conversation.build());
      assertThat(called.stopReason()).contains(StopReason.TOOL_USE);
      List<ToolUseBlock> uses = called.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
          .toList();
      assertThat(uses).isNotEmpty().allSatisfy(use -> assertThat(use.name()).isEqualTo("get_weather"));
      List<ContentBlockParam> results = new ArrayList<>();
      uses.forEach(use -> results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder().toolUseId(use.id())
          .content("result for " + use._input().toString()).build())));

      replay(upstream, provider.textRecording());
      conversation.addMessage(called).addUserMessageOfContentBlockParams(results);
      Message answer = client.messages().create(conversation.build());
      assertThat(anthropicText(answer)).isEqualTo(provider.text());
      assertThat(count(lastCall(upstream), "result for ")).as("the provider got every tool's result")
          .isEqualTo(uses.size());
      assertSignedBack(provider, upstream);
    } finally {
      client.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void openAisResponsesClient(Provider provider, Vertx vertx) {
    FakeOpenAi upstream = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = start(vertx, provider, upstream);
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k").maxRetries(0).build();
    try {
      replay(upstream, provider.textRecording());
      List<ResponseStreamEvent> events;
      try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
          ResponseCreateParams.builder().model(provider.model()).instructions("Answer in English.")
              .input("First question").build())) {
        events = stream.stream().toList();
      }
      assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta).map(e -> e.asOutputTextDelta().delta())
          .collect(Collectors.joining())).as("streamed").isEqualTo(provider.text());
      Response first = events.get(events.size() - 1).asCompleted().response();
      assertThat(first.status()).contains(ResponseStatus.COMPLETED);
      assertThat(lastCall(upstream)).as("instructions reach the provider").contains("Answer in English.");

      replay(upstream, provider.textRecording());
      Response second = client.responses().create(ResponseCreateParams.builder().model(provider.model())
          .previousResponseId(first.id()).input("Second question").build());
      assertThat(responsesText(second)).as("whole").isEqualTo(provider.text());
      assertThat(lastCall(upstream)).as("the provider got the conversation so far")
          .contains("First question", "Second question", firstWords(provider.text()))
          .doesNotContain("Answer in English.");

      replay(upstream, provider.toolRecording());
      Response called = client.responses().create(ResponseCreateParams.builder().model(provider.model())
          .previousResponseId(second.id()).addTool(ResponsesDialectTest.WEATHER)
          .input("Weather in Paris and Tokyo?").build());
      List<ResponseFunctionToolCall> calls = called.output().stream().filter(ResponseOutputItem::isFunctionCall)
          .map(ResponseOutputItem::asFunctionCall).toList();
      assertThat(calls).isNotEmpty().allSatisfy(call -> assertThat(call.name()).isEqualTo("get_weather"));

      replay(upstream, provider.textRecording());
      List<ResponseInputItem> outputs = calls.stream().map(call -> ResponseInputItem.ofFunctionCallOutput(
          ResponseInputItem.FunctionCallOutput.builder().callId(call.callId()).output("result for " + call.arguments())
              .build())).toList();
      Response answer = client.responses().create(ResponseCreateParams.builder().model(provider.model())
          .previousResponseId(called.id()).addTool(ResponsesDialectTest.WEATHER).inputOfResponse(outputs).build());
      assertThat(responsesText(answer)).isEqualTo(provider.text());
      assertThat(count(lastCall(upstream), "result for ")).as("the provider got every call's output")
          .isEqualTo(calls.size());
      assertSignedBack(provider, upstream);
    } finally {
      client.close();
    }
  }

  /**
   * Gemini got its first call's thought signature back (it rides in the call's id, through the client's
   * history or the stored response), not the value for a history made elsewhere.
   */
  private static void assertSignedBack(Provider provider, FakeOpenAi upstream) {
    if (provider.name().equals("gemini")) {
      assertThat(lastCall(upstream)).contains("\"thoughtSignature\":\"CiQBjz1rX8hX1VwX")
          .doesNotContain("skip_thought_signature_validator");
    }
  }

  private static GatewayUnderTest start(Vertx vertx, Provider provider, FakeOpenAi upstream) {
    String prefix = provider.name().toUpperCase();
    return GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", provider.name(),
        prefix + "_BASE_URL", provider.name().equals("openai") ? upstream.baseUrl() : upstream.root(),
        prefix + "_API_KEY", "k"));
  }

  private static void replay(FakeOpenAi upstream, String recording) {
    upstream.replay(FakeOpenAi.recording(recording), FakeOpenAi.AWKWARD, 0);
  }

  /** The body the provider got last, as text. */
  private static String lastCall(FakeOpenAi upstream) {
    return upstream.calls().get(upstream.calls().size() - 1).body().encode();
  }

  /** The start of an answer, as any provider's JSON writes it back (no character it escapes). */
  private static String firstWords(String text) {
    return text.substring(0, 12);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static String anthropicText(Message message) {
    return message.content().stream().filter(ContentBlock::isText).map(block -> block.asText().text())
        .collect(Collectors.joining());
  }

  private static String responsesText(Response response) {
    return response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
        .map(text -> text.text()).collect(Collectors.joining());
  }
}
