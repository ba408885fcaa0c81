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
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.ToolResultBlockParam;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Extended thinking through a tool loop, Anthropic's SDK in front and Anthropic (a recorded stream, cut
 * at awkward bytes) behind: the thinking block arrives with its signature, streaming and whole, and
 * redacted thinking with its data; the SDK's message sent back with the tools' results reaches Anthropic
 * with that thinking first, as Anthropic asks, so thinking stays on for the rest of the loop.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnthropicThinkingLoopTest {

  /** The recording's thinking and the signature that seals it. */
  static final String THINKING = "The user asks about Paris and Tokyo (東京)."
      + " get_weather takes one city, so I will call it twice, in parallel.";
  static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";
  /** Encrypted thinking, as a redacted_thinking block's data. */
  static final String REDACTED = "EmwKAhgBEgy3va3pzixAbCdEfGhIjKlMnOpQrStUvWxYz";

  private FakeOpenAi anthropic;
  private AnthropicClient client;

  @BeforeEach
  void start(Vertx vertx) {
    anthropic = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", "k"));
    client = AnthropicOkHttpClient.builder().baseUrl(gateway.url("")).apiKey("k").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void signedThinkingComesOutAndGoesBackToAnthropic() {
    MessageCreateParams.Builder conversation = weatherWithThinking();

    replay(anthropic, "anthropic-tool-use-stream.txt");
    Message whole = client.messages().create(conversation.build());
    assertThat(thinking(whole).thinking()).isEqualTo(THINKING);
    assertThat(thinking(whole).signature()).as("the whole message's thinking").isEqualTo(SIGNATURE);

    replay(anthropic, "anthropic-tool-use-stream.txt");
    Message called = streamed(conversation.build());
    assertThat(thinking(called).thinking()).isEqualTo(THINKING);
    assertThat(thinking(called).signature()).as("a signature_delta streamed").isEqualTo(SIGNATURE);

    List<ContentBlockParam> results = toolResults(called);
    assertThat(results).hasSize(2);
    replay(anthropic, "anthropic-messages-stream.txt");
    conversation.addMessage(called).addUserMessageOfContentBlockParams(results);
    client.messages().create(conversation.build());

    JsonObject sent = lastRequest();
    JsonArray messages = sent.getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(messages.size() - 2);
    assertThat(assistant.getString("role")).isEqualTo("assistant");
    assertThat(assistant.getJsonArray("content").getJsonObject(0)).as("the signed thinking first")
        .isEqualTo(new JsonObject().put("type", "thinking").put("thinking", THINKING).put("signature", SIGNATURE));
    assertThat(assistant.getJsonArray("content").stream().map(block -> ((JsonObject) block).getString("type")))
        .containsExactly("thinking", "text", "tool_use", "tool_use");
    assertThat(sent.getJsonObject("thinking").getString("type")).isEqualTo("enabled");
  }

  @Test
  void signedThinkingIsNotSentWhenTheRequestHasThinkingOff() {
    replay(anthropic, "anthropic-tool-use-stream.txt");
    Message called = client.messages().create(weatherWithThinking().build());
    assertThat(thinking(called).signature()).isEqualTo(SIGNATURE);

    replay(anthropic, "anthropic-messages-stream.txt");
    client.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024)
        .addUserMessage("Weather in Paris and Tokyo?").addMessage(called).addUserMessage("And in Oslo?").build());

    JsonObject sent = lastRequest();
    assertThat(sent.containsKey("thinking")).isFalse();
    assertThat(sent.encode()).as("no thinking block without thinking on").doesNotContain(SIGNATURE);
  }

  @Test
  void redactedThinkingComesOutAndGoesBackAsItsData() {
    MessageCreateParams.Builder conversation = weatherWithThinking();
    anthropic.replay(withRedactedThinkingFirst(FakeOpenAi.recording("anthropic-tool-use-stream.txt")),
        FakeOpenAi.AWKWARD, 0);
    Message called = streamed(conversation.build());
    assertThat(called.content().get(0).isRedactedThinking()).isTrue();
    assertThat(called.content().get(0).asRedactedThinking().data()).isEqualTo(REDACTED);
    assertThat(thinking(called).signature()).isEqualTo(SIGNATURE);

    List<ContentBlockParam> results = toolResults(called);
    replay(anthropic, "anthropic-messages-stream.txt");
    conversation.addMessage(called).addUserMessageOfContentBlockParams(results);
    client.messages().create(conversation.build());

    JsonArray messages = lastRequest().getJsonArray("messages");
    JsonArray content = messages.getJsonObject(messages.size() - 2).getJsonArray("content");
    assertThat(content.getJsonObject(0)).as("the encrypted thinking, as it came")
        .isEqualTo(new JsonObject().put("type", "redacted_thinking").put("data", REDACTED));
    assertThat(content.getJsonObject(1).getString("signature")).isEqualTo(SIGNATURE);
  }

  /** The recording with a redacted_thinking block (index 0) before its blocks, renumbered after it. */
  static byte[] withRedactedThinkingFirst(byte[] recording) {
    String text = new String(recording, StandardCharsets.UTF_8);
    Matcher index = Pattern.compile("\"index\":(\\d+)").matcher(text);
    StringBuilder renumbered = new StringBuilder();
    while (index.find()) {
      index.appendReplacement(renumbered, "\"index\":" + (Integer.parseInt(index.group(1)) + 1));
    }
    index.appendTail(renumbered);
    String redacted = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        + "\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"" + REDACTED + "\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
    int firstBlock = renumbered.indexOf("event: content_block_start");
    return renumbered.insert(firstBlock, redacted).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static MessageCreateParams.Builder weatherWithThinking() {
    return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(4096).enabledThinking(2048)
        .addTool(AnthropicDialectTest.WEATHER).addUserMessage("Weather in Paris and Tokyo?");
  }

  /** A result for each of the message's tool calls. */
  private static List<ContentBlockParam> toolResults(Message called) {
    List<ContentBlockParam> results = new ArrayList<>();
    called.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse)
        .forEach(use -> results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
            .toolUseId(use.id()).content("sunny").build())));
    return results;
  }

  /** The message as the SDK accumulates it from the stream. */
  private Message streamed(MessageCreateParams params) {
    MessageAccumulator streamed = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
      stream.stream().forEach(streamed::accumulate);
    }
    return streamed.message();
  }

  /** The body Anthropic got last. */
  private JsonObject lastRequest() {
    return anthropic.calls().get(anthropic.calls().size() - 1).body();
  }

  private static ThinkingBlock thinking(Message message) {
    return message.content().stream().filter(ContentBlock::isThinking).map(ContentBlock::asThinking).findFirst()
        .orElseThrow(() -> new AssertionError("no thinking block in " + message.content()));
  }

  private static void replay(FakeOpenAi upstream, String recording) {
    upstream.replay(FakeOpenAi.recording(recording), FakeOpenAi.AWKWARD, 0);
  }
}
