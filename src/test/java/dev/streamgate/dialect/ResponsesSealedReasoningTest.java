package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseReasoningItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code include: ["reasoning.encrypted_content"]} in the Responses dialect, as a client that keeps its
 * conversation itself ({@code store: false}) asks for it: each reasoning item carries its reasoning sealed,
 * and the items sent back give Anthropic (a recorded stream, cut at awkward bytes) its signed and redacted
 * thinking back exactly, so thinking stays on through a tool loop. OpenAI's Java SDK in front.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponsesSealedReasoningTest {

  private FakeOpenAi anthropic;
  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    anthropic = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", anthropic.root(), "ANTHROPIC_API_KEY", "k"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void signedThinkingGoesBackInTheReasoningItemWithoutAStoredResponse() {
    replay("anthropic-tool-use-stream.txt");
    Response called = streamed(weather().build());
    ResponseReasoningItem reasoning = onlyReasoning(called);
    assertThat(reasoning.summary().get(0).text()).isEqualTo(AnthropicThinkingLoopTest.THINKING);
    assertThat(reasoning.encryptedContent()).as("sealed, the signature with it").isPresent();

    replay("anthropic-messages-stream.txt");
    client.responses().create(weather().inputOfResponse(sentBack(called)).build());
    JsonArray content = assistantSent();
    assertThat(content.getJsonObject(0)).as("the signed thinking first, as it came")
        .isEqualTo(new JsonObject().put("type", "thinking").put("thinking", AnthropicThinkingLoopTest.THINKING)
            .put("signature", AnthropicThinkingLoopTest.SIGNATURE));
    assertThat(content.stream().map(block -> ((JsonObject) block).getString("type")))
        .containsExactly("thinking", "text", "tool_use", "tool_use");
    assertThat(anthropic.calls().get(1).body().getJsonObject("thinking").getString("type")).isEqualTo("enabled");
  }

  @Test
  void redactedThinkingGoesBackBesideTheSignedInOneReasoningItem() {
    anthropic.replay(AnthropicThinkingLoopTest.withRedactedThinkingFirst(
        FakeOpenAi.recording("anthropic-tool-use-stream.txt")), FakeOpenAi.AWKWARD, 0);
    Response called = streamed(weather().build());
    ResponseReasoningItem reasoning = onlyReasoning(called);
    assertThat(reasoning.summary()).hasSize(1);
    assertThat(reasoning.summary().get(0).text()).isEqualTo(AnthropicThinkingLoopTest.THINKING);

    replay("anthropic-messages-stream.txt");
    client.responses().create(weather().inputOfResponse(sentBack(called)).build());
    JsonArray content = assistantSent();
    assertThat(content.getJsonObject(0)).as("the encrypted thinking, as it came")
        .isEqualTo(new JsonObject().put("type", "redacted_thinking").put("data", AnthropicThinkingLoopTest.REDACTED));
    assertThat(content.getJsonObject(1).getString("signature")).isEqualTo(AnthropicThinkingLoopTest.SIGNATURE);
  }

  @Test
  void aStoredResponseKeepsItsSealedReasoningAndReplaysIt() {
    replay("anthropic-tool-use-stream.txt");
    Response whole = client.responses().create(weather().store(true).build());
    String sealed = onlyReasoning(whole).encryptedContent().orElseThrow();

    JsonObject stored = Http.get(gateway.url("/v1/responses/" + whole.id())).json();
    assertThat(stored.fieldNames()).as("how it is kept is not shown").doesNotContain("kind", "sealing");
    assertThat(stored.getJsonArray("output").getJsonObject(0).getString("encrypted_content")).isEqualTo(sealed);
    String replayed = Http.get(gateway.url("/v1/responses/" + whole.id() + "?stream=true")).body();
    assertThat(replayed).contains("\"encrypted_content\":\"" + sealed + "\"");

    replay("anthropic-tool-use-stream.txt");
    Response unasked = client.responses().create(weather().store(true).include(List.of()).build());
    assertThat(onlyReasoning(unasked).encryptedContent()).as("not asked for").isEmpty();
    String url = gateway.url("/v1/responses/" + unasked.id());
    Http.Reply kept = Http.get(url + "?include[]=reasoning.encrypted_content");
    assertThat(kept.status()).as("what it keeps was not sealed").isEqualTo(400);
    assertThat(kept.json().getJsonObject("error").getString("param")).isEqualTo("include");
    assertThat(Http.get(url + "?include[]=reasoning.encrypted_content&stream=true").body())
        .as("its events, made again from its turn, can be").contains("\"encrypted_content\":\"sg1.");
    assertThat(Http.get(url + "?include=message.output_text.logprobs").status()).isEqualTo(400);
  }

  @Test
  void whatCannotBeIncludedOrUnsealedIsRefusedByName() {
    JsonObject body = new JsonObject().put("model", "claude-sonnet-4-5").put("input", "Hi")
        .put("include", new JsonArray().add("reasoning.encrypted_content").add("message.output_text.logprobs"));
    Http.Reply logprobs = Http.postJson(gateway.url("/v1/responses"), body.encode());
    assertThat(logprobs.status()).isEqualTo(400);
    assertThat(logprobs.json().getJsonObject("error").getString("param")).isEqualTo("include");
    assertThat(logprobs.json().getJsonObject("error").getString("message")).contains("message.output_text.logprobs");

    Http.Reply broken = Http.postJson(gateway.url("/v1/responses"), body.put("include", new JsonArray())
        .put("input", new JsonArray().add(user()).add(reasoningItem("sg1.not*base64"))).encode());
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.json().getJsonObject("error").getString("param")).isEqualTo("input[1].encrypted_content");
    assertThat(anthropic.calls()).as("nothing asked of the provider").isEmpty();

    replay("anthropic-messages-stream.txt");
    String openAis = "gAAAAABoExampleOfOpenAisOwnEncryptedReasoning";
    Http.Reply foreign = Http.postJson(gateway.url("/v1/responses"), body.put("input", new JsonArray().add(user())
        .add(reasoningItem(openAis)).add(new JsonObject().put("role", "assistant").put("content", "Hello."))
        .add(user())).encode());
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(200);
    assertThat(anthropic.calls().get(0).body().encode()).as("another server's seal is not sent on")
        .doesNotContain(openAis);
  }

  private static ResponseCreateParams.Builder weather() {
    return ResponseCreateParams.builder().model("claude-sonnet-4-5").input("Weather in Paris and Tokyo?")
        .addTool(ResponsesDialectTest.WEATHER).reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build())
        .store(false).include(List.of(ResponseIncludable.REASONING_ENCRYPTED_CONTENT));
  }

  /** The response as its {@code response.completed} event gives it. */
  private Response streamed(ResponseCreateParams params) {
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      return stream.stream().filter(ResponseStreamEvent::isCompleted).findFirst().orElseThrow().asCompleted()
          .response();
    }
  }

  /** The conversation as the client keeps it: its question, the response's items, a result for each call. */
  private static List<ResponseInputItem> sentBack(Response called) {
    List<ResponseInputItem> items = new ArrayList<>();
    items.add(ResponseInputItem.ofMessage(ResponseInputItem.Message.builder().role(ResponseInputItem.Message.Role.USER)
        .addInputTextContent("Weather in Paris and Tokyo?").build()));
    for (ResponseOutputItem item : called.output()) {
      if (item.isReasoning()) {
        items.add(ResponseInputItem.ofReasoning(item.asReasoning()));
      } else if (item.isMessage()) {
        items.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
      } else {
        items.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
      }
    }
    called.output().stream().filter(ResponseOutputItem::isFunctionCall).forEach(call -> items.add(
        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
            .callId(call.asFunctionCall().callId()).output("sunny").build())));
    return items;
  }

  private static ResponseReasoningItem onlyReasoning(Response response) {
    List<ResponseReasoningItem> reasoning = response.output().stream().filter(ResponseOutputItem::isReasoning)
        .map(ResponseOutputItem::asReasoning).toList();
    assertThat(reasoning).as("one reasoning item, first").hasSize(1);
    assertThat(response.output().get(0).isReasoning()).isTrue();
    return reasoning.get(0);
  }

  /** The content of the assistant message Anthropic got last. */
  private JsonArray assistantSent() {
    JsonArray messages = anthropic.calls().get(anthropic.calls().size() - 1).body().getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(1);
    assertThat(assistant.getString("role")).isEqualTo("assistant");
    return assistant.getJsonArray("content");
  }

  private static JsonObject user() {
    return new JsonObject().put("role", "user").put("content", "Hi");
  }

  private static JsonObject reasoningItem(String sealed) {
    return new JsonObject().put("type", "reasoning").put("id", "rs_1").put("encrypted_content", sealed)
        .put("summary", new JsonArray().add(new JsonObject().put("type", "summary_text").put("text", "Thought.")));
  }

  private void replay(String recording) {
    anthropic.replay(FakeOpenAi.recording(recording), FakeOpenAi.AWKWARD, 0);
  }
}
