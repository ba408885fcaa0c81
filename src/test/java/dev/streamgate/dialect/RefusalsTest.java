package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.StructuredChatCompletionMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStreamEvent;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
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
 * A model that declines in words (OpenAI's {@code refusal}, as a structured output's refusal streams:
 * a recorded stream cut at awkward bytes) is relayed, never dropped: as a refusal in OpenAI's dialects
 * (a chunk's {@code delta.refusal} and the message's {@code refusal}; a Responses message of a
 * {@code refusal} part), as the answer's text in the dialects that have only text, and kept in the
 * session as the assistant's reply.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefusalsTest {

  private static final String REFUSAL = "I'm sorry, I can't assist with that request.";

  private FakeOpenAi openAi;
  private GatewayUnderTest gateway;
  private OpenAIClient client;

  /** What a structured output is parsed into (a refusal has none). */
  public static class Recipe {
    public String name;
    public List<String> steps;
  }

  @BeforeEach
  void start(Vertx vertx) {
    openAi = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", openAi.baseUrl(),
        "OPENAI_API_KEY", "k"));
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void openAisSdkGetsTheRefusalStreamedAndInAStructuredOutput() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o-2024-08-06")
        .addUserMessage("A recipe for something dangerous").build();
    refuse();
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(accumulated::accumulate);
    }
    ChatCompletionMessage streamed = accumulated.chatCompletion().choices().get(0).message();
    assertThat(streamed.refusal()).contains(REFUSAL);
    assertThat(streamed.content().orElse("")).as("no answer text").isEmpty();

    refuse();
    StructuredChatCompletionMessage<Recipe> structured = client.chat().completions().create(params.toBuilder()
        .responseFormat(Recipe.class).build()).choices().get(0).message();
    assertThat(structured.refusal()).contains(REFUSAL);
    assertThat(structured.content()).as("nothing to parse").isEmpty();
    assertThat(openAi.calls().get(1).body().getJsonObject("response_format").getString("type"))
        .isEqualTo("json_schema");
  }

  @Test
  void aResponseGetsAMessageOfARefusalPart() {
    refuse();
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams
        .builder().model("gpt-4o-2024-08-06").input("A recipe for something dangerous").build())) {
      events = stream.stream().toList();
    }
    assertThat(events.stream().filter(ResponseStreamEvent::isRefusalDelta).map(e -> e.asRefusalDelta().delta())
        .collect(Collectors.joining())).isEqualTo(REFUSAL);
    assertThat(events.stream().filter(ResponseStreamEvent::isRefusalDone).map(e -> e.asRefusalDone().refusal()))
        .containsExactly(REFUSAL);
    assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta)).as("no answer text").isEmpty();
    Response completed = events.get(events.size() - 1).asCompleted().response();
    ResponseOutputMessage message = completed.output().get(0).asMessage();
    assertThat(message.content()).hasSize(1);
    assertThat(message.content().get(0).asRefusal().refusal()).isEqualTo(REFUSAL);

    refuse();
    Response whole = client.responses().create(ResponseCreateParams.builder().model("gpt-4o-2024-08-06")
        .input("A recipe for something dangerous").build());
    assertThat(whole.output().get(0).asMessage().content().get(0).asRefusal().refusal()).isEqualTo(REFUSAL);
  }

  @Test
  void theTextDialectsShowItAsTheAnswerAndTheSessionKeepsIt() throws Exception {
    refuse();
    Turn turn = Turn.run(gateway, new JsonObject().put("message", "A recipe for something dangerous"));
    assertThat(turn.answer()).isEqualTo(REFUSAL);
    String session = turn.complete().getString("session_id");
    JsonArray messages = Http.get(gateway.url("/sessions/" + session)).json().getJsonArray("messages");
    assertThat(messages.getJsonObject(1).getString("content")).as("the reply kept").isEqualTo(REFUSAL);

    openAi.replay(FakeOpenAi.recording("openai-chat-stream.txt"), FakeOpenAi.AWKWARD, 0);
    Turn.run(gateway, new JsonObject().put("session_id", session).put("message", "Then a cake?"));
    JsonArray sent = openAi.calls().get(1).body().getJsonArray("messages");
    assertThat(sent.getJsonObject(1)).as("the refusal goes back as the assistant's words")
        .isEqualTo(new JsonObject().put("role", "assistant").put("content", REFUSAL));

    refuse();
    String anthropic = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "gpt-4o")
        .put("max_tokens", 100).put("stream", true).put("messages", new JsonArray().add(new JsonObject()
            .put("role", "user").put("content", "A recipe for something dangerous"))).encode()).body();
    assertThat(anthropic.lines().filter(line -> line.startsWith("data: ")).map(line -> new JsonObject(line.substring(6)))
        .filter(event -> "content_block_delta".equals(event.getString("type")))
        .map(event -> event.getJsonObject("delta").getString("text")).collect(Collectors.joining()))
        .as("Anthropic's text").isEqualTo(REFUSAL);
  }

  private void refuse() {
    openAi.replay(FakeOpenAi.recording("openai-refusal-stream.txt"), FakeOpenAi.AWKWARD, 0);
  }
}
