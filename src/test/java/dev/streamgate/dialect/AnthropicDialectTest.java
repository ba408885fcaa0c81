package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
 * The Anthropic Messages API, driven by Anthropic's official Java client given only the base URL,
 * against the embedded mock: streaming, whole answers, a tool-use loop, thinking, token counting, and
 * errors in Anthropic's shape.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AnthropicDialectTest {

  static final Tool WEATHER = Tool.builder().name("get_weather").description("The weather in a city")
      .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
          .required(List.of("city")).build())
      .build();

  private GatewayUnderTest gateway;
  private AnthropicClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    client = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void streamsExactlyAnthropicsEventSequence() {
    MessageAccumulator accumulated = MessageAccumulator.create();
    List<RawMessageStreamEvent> events;
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(MessageCreateParams.builder()
        .model("claude-sonnet-4-5").maxTokens(1024).system("Be brief.").addUserMessage("Hello Claude").build())) {
      events = stream.stream().peek(accumulated::accumulate).toList();
    }
    assertThat(events.get(0).isMessageStart()).isTrue();
    assertThat(events.get(1).isContentBlockStart()).isTrue();
    assertThat(events.subList(2, events.size() - 3)).allSatisfy(e -> assertThat(e.isContentBlockDelta()).isTrue());
    assertThat(events.get(events.size() - 3).isContentBlockStop()).isTrue();
    assertThat(events.get(events.size() - 2).isMessageDelta()).isTrue();
    assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
    Message message = accumulated.message();
    assertThat(message.content().get(0).asText().text())
        .startsWith("This is turn 1 of our conversation. You said: \"Hello Claude\".");
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().outputTokens()).isPositive();
    assertThat(message.model().asString()).as("the mock stands in on a mock-only node").isEqualTo("mock-echo");
  }

  @Test
  void answersInOnePiece() {
    Message message = client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
        .addUserMessage("Whole please").build());
    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asText().text()).contains("You said: \"Whole please\"");
    assertThat(message.id()).startsWith("msg_");
  }

  @Test
  void aToolUseLoopRunsToItsAnswer() {
    MessageCreateParams.Builder conversation = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
        .addTool(WEATHER).addUserMessage("Oslo");
    MessageAccumulator accumulated = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(conversation.build())) {
      stream.stream().forEach(accumulated::accumulate);
    }
    Message called = accumulated.message();
    assertThat(called.stopReason()).contains(StopReason.TOOL_USE);
    ToolUseBlock use = called.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
        .findFirst().orElseThrow();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(use._input()).isEqualTo(JsonValue.from(Map.of("city", "Oslo")));

    conversation.addMessage(called).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
        ToolResultBlockParam.builder().toolUseId(use.id()).content("snow, -3 °C").build())));
    Message answer = client.messages().create(conversation.build());
    assertThat(answer.content().get(0).asText().text()).contains("The tool get_weather returned: snow, -3 °C");
    assertThat(answer.stopReason()).contains(StopReason.END_TURN);
  }

  @Test
  void thinkingComesAsAThinkingBlockBeforeTheText() {
    Message message = client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4096)
        .enabledThinking(2048).addUserMessage("ponder").build());
    assertThat(message.content().get(0).isThinking()).isTrue();
    assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("The user wrote \"ponder\"; I will say it back. ");
    assertThat(message.content().get(1).asText().text()).startsWith("This is turn 1");
  }

  @Test
  void countsTokensAsADocumentedEstimate() {
    long tokens = client.messages().countTokens(MessageCountTokensParams.builder().model("claude-sonnet-4-5")
        .addUserMessage("12345678").build()).inputTokens();
    assertThat(tokens).isEqualTo(2);
  }

  @Test
  void badRequestsGetAnthropicsErrorShape() {
    assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
        .maxTokens(10).addUserMessage("hi").putAdditionalBodyProperty("temperature", JsonValue.from(1.5)).build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("temperature");

    Http.Reply missing = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "claude-x")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json()).isEqualTo(new JsonObject().put("type", "error").put("error", new JsonObject()
        .put("type", "invalid_request_error").put("message", "'max_tokens' is required: the most tokens the answer may have")));

    Http.Reply unknown = Http.postJson(gateway.url("/v1/messages"), "{nope");
    assertThat(unknown.json().getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
    assertThat(Http.get(gateway.url("/v1/messages")).json().getString("type")).as("a wrong method too").isEqualTo("error");
  }

  @Test
  void aBoundedAnswerStopsForMaxTokens() {
    Http.Reply reply = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "claude-x")
        .put("max_tokens", 5).put("stream", true).put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "hi"))).encode());
    List<String> names = reply.body().lines().filter(line -> line.startsWith("event: "))
        .map(line -> line.substring(7)).collect(Collectors.toList());
    assertThat(names.get(0)).isEqualTo("message_start");
    assertThat(names.get(names.size() - 1)).isEqualTo("message_stop");
    assertThat(reply.body()).contains("\"stop_reason\":\"max_tokens\"");
  }
}
