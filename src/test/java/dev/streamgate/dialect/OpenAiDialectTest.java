package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.streamgate.bus.Addresses;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAI-compatible API driven by OpenAI's official Java client, given only the base URL. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiDialectTest {

  private GatewayUnderTest gateway;
  private OpenAIClient client;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx);
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void streamsWithTheOfficialClient() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("mock-echo")
        .addSystemMessage("Be brief.").addUserMessage("first")
        .addMessage(ChatCompletionAssistantMessageParam.builder().content("ok").build()).addUserMessage("Hello SDK")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    String text = chunks.stream().flatMap(c -> c.choices().stream())
        .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    // The mock counts the user messages it was sent: the conversation came in the request.
    assertThat(text).startsWith("This is turn 2 of our conversation. You said: \"Hello SDK\".");
    assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
    assertThat(chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.finishReason().isPresent()).count()).isEqualTo(1);
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
    assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).as("stateless").isZero();
  }

  @Test
  void answersInOnePieceWithTheOfficialClient() {
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mock-echo").addUserMessage("Whole answer please").build());
    String content = completion.choices().get(0).message().content().orElseThrow();
    assertThat(content).isEqualTo("This is turn 1 of our conversation. You said: \"Whole answer please\". "
        + "I am the built-in mock model, streaming this answer word by word so you can watch Server-Sent Events at work.");
    assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
    assertThat(completion.model()).isEqualTo("mock-echo");
  }

  @Test
  void listsModelsAndRejectsUnknownOnesTheOpenAiWay() {
    List<String> ids = new ArrayList<>();
    client.models().list().autoPager().forEach(model -> ids.add(model.id()));
    assertThat(ids).as("a node with only the mock lists the models it answers").containsExactlyInAnyOrder("mock-echo", "fast");

    assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("no-such-model").addUserMessage("hi").build()))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("Unknown model 'no-such-model'");
  }

  @Test
  void streamEndsWithDoneAndBadRequestsGetOpenAiErrors() {
    Http.Reply stream = Http.postJson(gateway.url("/v1/chat/completions"),
        "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"parts\"}]}]}");
    assertThat(stream.contentType()).startsWith("text/event-stream");
    assertThat(stream.body()).startsWith("data: {\"id\":\"chatcmpl-").endsWith("data: [DONE]\n\n")
        .contains("\"object\":\"chat.completion.chunk\"").contains("\"model\":\"mock-echo\"").doesNotContain("\"model\":\"fast\"")
        .contains("{\"content\":\"\\\"parts\\\". \"}");

    Http.Reply bad = Http.postJson(gateway.url("/v1/chat/completions"), "{\"model\":\"fast\",\"messages\":[]}");
    assertThat(bad.status()).isEqualTo(400);
    JsonObject error = bad.json().getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("message")).isEqualTo("'messages' must be a non-empty array");
    assertThat(error.containsKey("param")).isTrue();
    assertThat(Http.postJson(gateway.url("/v1/chat/completions"), "{nope").json().getJsonObject("error")
        .getString("code")).isEqualTo("invalid_request");
  }

  @Test
  void theDefaultModelNeedsNoRouteLookupWhileAnAliasIsResolved(Vertx vertx) {
    List<String> routeLookups = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().address().startsWith(Addresses.LLM_ROUTE)) {
        routeLookups.add(delivery.message().address());
      }
      delivery.next();
    });

    ChatCompletion byDefault = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mock-echo").addUserMessage("default").build());
    assertThat(byDefault.model()).isEqualTo("mock-echo");
    assertThat(routeLookups).as("the default model routes to itself").isEmpty();

    ChatCompletion byAlias = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("fast").addUserMessage("alias").build());
    assertThat(byAlias.model()).isEqualTo("mock-echo");
    assertThat(routeLookups).isNotEmpty();
  }
}
