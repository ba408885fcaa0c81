package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenAI's Responses API, driven by the Responses client of OpenAI's official Java SDK against the
 * embedded mock: streaming and whole responses, a conversation continued (and branched) by
 * {@code previous_response_id}, a tool loop, structured output, a background response read back,
 * resumed after a sequence number and cancelled, deletion, key isolation, and errors.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResponsesDialectTest {

  static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather").description("The weather in a city")
      .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
          .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
      .strict(false).build();

  private GatewayUnderTest gateway;
  private OpenAIClient client;

  void start(Vertx vertx, Map<String, String> env) {
    gateway = GatewayUnderTest.start(vertx, env);
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k-alice").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void streamsOpenAisEventsAndKeepsTheResponse(Vertx vertx) {
    start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
        .model("mock-echo").instructions("Be brief.").input("Hello Responses").build())) {
      events = stream.stream().toList();
    }
    assertThat(events.get(0).isCreated()).isTrue();
    assertThat(events.get(1).isInProgress()).isTrue();
    assertThat(events.get(2).isOutputItemAdded()).isTrue();
    assertThat(events.get(3).isContentPartAdded()).isTrue();
    String text = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
        .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
    assertThat(text).startsWith("This is turn 1 of our conversation. You said: \"Hello Responses\".");
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(last.isCompleted()).isTrue();
    Response completed = last.asCompleted().response();
    assertThat(completed.status()).contains(ResponseStatus.COMPLETED);
    assertThat(completed.usage().orElseThrow().outputTokens()).isPositive();
    Http.Reply raw = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("input", "count").put("stream", true).encode());
    assertThat(raw.body()).startsWith("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0");
    List<Long> numbers = sequenceNumbers(raw.body());
    assertThat(numbers).isEqualTo(java.util.stream.LongStream.range(0, numbers.size()).boxed().toList());

    Response stored = client.responses().retrieve(completed.id());
    assertThat(text(stored)).isEqualTo(text);
    assertThat(stored.instructions()).isPresent();
  }

  @Test
  void aConversationGoesOnByPreviousResponseIdAndBranches(Vertx vertx) {
    start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    Response first = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("one").build());
    Response second = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("two")
        .previousResponseId(first.id()).build());
    assertThat(text(second)).startsWith("This is turn 2 of our conversation. You said: \"two\".");
    JsonObject raw = Http.get(gateway.url("/v1/responses/" + second.id())).json();
    assertThat(raw.fieldNames()).as("the response object, and nothing of how it is kept").doesNotContain("kind")
        .startsWith("id", "object", "created_at", "status");
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonArray("sessions")).as("responses are not chats")
        .isEmpty();
    Response branch = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("other")
        .previousResponseId(first.id()).build());
    assertThat(text(branch)).as("a branch from the first").startsWith("This is turn 2 of our conversation.");
    Response third = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("three")
        .previousResponseId(second.id()).store(false).build());
    assertThat(text(third)).startsWith("This is turn 3 of our conversation.");
    assertThatThrownBy(() -> client.responses().retrieve(third.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("x")
        .previousResponseId("resp_nope").build())).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("resp_nope");
  }

  @Test
  void aToolLoopRunsAcrossResponses(Vertx vertx) {
    start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    Response called = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("Rome")
        .addTool(WEATHER).build());
    ResponseFunctionToolCall call = called.output().stream().filter(ResponseOutputItem::isFunctionCall)
        .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(new JsonObject(call.arguments())).isEqualTo(new JsonObject().put("city", "Rome"));

    JsonObject owed = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("previous_response_id", called.id()).put("input", "and?").encode()).json().getJsonObject("error");
    assertThat(owed.getString("param")).isEqualTo("input");
    assertThat(owed.getString("message")).contains("as function_call_output items of 'input'").doesNotContain("tool_results");
    JsonObject wrong = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("previous_response_id", called.id()).put("input", new JsonArray().add(new JsonObject()
            .put("type", "function_call_output").put("call_id", "call_other").put("output", "x"))).encode())
        .json().getJsonObject("error");
    assertThat(wrong.getString("param")).isEqualTo("input");
    assertThat(wrong.getString("message")).startsWith("A function_call_output's call_id is 'call_other'")
        .contains("the previous response");

    Response answer = client.responses().create(ResponseCreateParams.builder().model("mock-echo")
        .previousResponseId(called.id()).addTool(WEATHER)
        .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
            .callId(call.callId()).output("warm, 28 °C").build()))).build());
    assertThat(text(answer)).isEqualTo("The tool get_weather returned: warm, 28 °C");
  }

  /** What the structured-output helper asks for. */
  public static class Capital {
    public String country;
    public String city;
  }

  @Test
  void structuredOutputFollowsTheSchema(Vertx vertx) {
    start(vertx, Map.of("MOCK_DELAY_MS", "1"));
    StructuredResponse<Capital> answer = client.responses().create(ResponseCreateParams.builder().model("mock-echo")
        .input("France").text(Capital.class).build());
    Capital capital = answer.output().stream().flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
        .findFirst().orElseThrow();
    assertThat(capital.country).isEqualTo("France");
    assertThat(capital.city).isEqualTo("France");
  }

  @Test
  void aBackgroundResponseIsReadBackResumedAfterASequenceNumberAndCancelled(Vertx vertx) throws Exception {
    start(vertx, Map.of("MOCK_DELAY_MS", "20"));
    Response queued = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("in back")
        .background(true).build());
    assertThat(queued.status()).contains(ResponseStatus.QUEUED);
    Response done = Eventually.within(Duration.ofSeconds(20)).until("the background response completes",
        () -> client.responses().retrieve(queued.id()), r -> ResponseStatus.COMPLETED.equals(r.status().orElseThrow()));
    assertThat(text(done)).contains("You said: \"in back\"");

    List<ResponseStreamEvent> replayed;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().retrieveStreaming(queued.id(),
        ResponseRetrieveParams.builder().startingAfter(5).build())) {
      replayed = stream.stream().toList();
    }
    assertThat(replayed.get(replayed.size() - 1).isCompleted()).isTrue();
    String all = Http.get(gateway.url("/v1/responses/" + queued.id() + "?stream=true")).body();
    String rest = Http.get(gateway.url("/v1/responses/" + queued.id() + "?stream=true&starting_after=5")).body();
    assertThat(rest).as("the events after 5, as first sent").isEqualTo(all.substring(nthEvent(all, 6)));
    assertThat(sequenceNumbers(rest)).startsWith(6L).hasSize(replayed.size());

    Response slow = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("stop me")
        .background(true).build());
    Response cancelled = client.responses().cancel(slow.id());
    assertThat(cancelled.status()).contains(ResponseStatus.CANCELLED);
    assertThat(client.responses().retrieve(slow.id()).status()).contains(ResponseStatus.CANCELLED);
  }

  @Test
  void aDeletedResponseIsGoneAndAnotherKeysResponseIsNotFound(Vertx vertx) {
    start(vertx, Map.of("MOCK_DELAY_MS", "1", "GATEWAY_API_KEYS", "k-alice,k-bob"));
    Response mine = client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("mine").build());
    OpenAIClient bob = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("k-bob").maxRetries(0).build();
    try {
      assertThatThrownBy(() -> bob.responses().retrieve(mine.id())).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> bob.responses().create(ResponseCreateParams.builder().model("mock-echo").input("x")
          .previousResponseId(mine.id()).build())).isInstanceOf(NotFoundException.class);
    } finally {
      bob.close();
    }
    client.responses().delete(mine.id());
    assertThatThrownBy(() -> client.responses().retrieve(mine.id())).isInstanceOf(NotFoundException.class);
    assertThat(Http.get(gateway.url("/sessions")).status()).isEqualTo(401);
  }

  @Test
  void aProviderFailureStreamsAnErrorThenResponseFailedAndIsKeptAsFailed(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx).fail(500, "{\"error\":{\"message\":\"boom\"}}");
    start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl(), "OPENAI_API_KEY", "k",
        "RETRY_ATTEMPTS", "0"));
    List<ResponseStreamEvent> events;
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ResponseCreateParams.builder()
        .model("gpt-4o").input("fail, please").build())) {
      events = stream.stream().toList();
    }
    assertThat(events.stream().map(e -> e.isCreated() ? "created" : e.isInProgress() ? "in_progress"
        : e.isError() ? "error" : e.isFailed() ? "failed" : "other").toList())
        .containsExactly("created", "in_progress", "error", "failed");
    assertThat(events.get(2).asError().code()).contains("upstream_error");
    Response failed = events.get(3).asFailed().response();
    assertThat(failed.status()).contains(ResponseStatus.FAILED);
    assertThat(failed.error().orElseThrow().message()).isEqualTo(events.get(2).asError().message());
    assertThat(client.responses().retrieve(failed.id()).status()).contains(ResponseStatus.FAILED);
  }

  /** A compatible server that ends with [DONE] and never names a finish reason: every dialect says a plain stop. */
  @Test
  void anAnswerWithoutAFinishReasonEndsAsAPlainStopInEveryStatelessDialect(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx).replay(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + "\"Hi\"}}]}\n\ndata: [DONE]\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), FakeOpenAi.AWKWARD, 0);
    start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl(), "OPENAI_API_KEY", "k"));
    Response response = client.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("x").build());
    assertThat(response.status()).contains(ResponseStatus.COMPLETED);
    assertThat(text(response)).isEqualTo("Hi");
    JsonObject message = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", "gpt-4o")
        .put("max_tokens", 10).put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "x"))).encode()).json();
    assertThat(message.getString("stop_reason")).isEqualTo("end_turn");
    JsonObject completion = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("model", "gpt-4o")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "x"))).encode())
        .json();
    assertThat(completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason")).isEqualTo("stop");
  }

  @Test
  void openAisNewerHintsReachAnOpenAiCompatibleProviderByItsChatNames(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx).replay(FakeOpenAi.recording("openai-chat-stream.txt"),
        FakeOpenAi.AWKWARD, 0);
    start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl(), "OPENAI_API_KEY", "k"));
    Http.Reply reply = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "gpt-5")
        .put("input", "x").put("store", false).put("text", new JsonObject().put("verbosity", "low"))
        .put("prompt_cache_key", "weather-v1").put("safety_identifier", "hash-42").encode());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonObject sent = provider.calls().get(0).body();
    assertThat(List.of(sent.getString("verbosity"), sent.getString("prompt_cache_key"),
        sent.getString("safety_identifier"))).containsExactly("low", "weather-v1", "hash-42");
  }

  @Test
  void badRequestsGetOpenAisErrorShape(Vertx vertx) {
    start(vertx, Map.of());
    assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("mock-echo").input("x")
        .temperature(3.0).build())).isInstanceOf(BadRequestException.class).hasMessageContaining("temperature");
    Http.Reply webSearch = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("input", "x").put("tools", new JsonArray().add(new JsonObject().put("type", "web_search"))).encode());
    assertThat(webSearch.status()).isEqualTo(400);
    assertThat(webSearch.json().getJsonObject("error").getString("param")).isEqualTo("tools[0].type");
    Http.Reply orphan = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("input", new JsonArray().add(new JsonObject().put("type", "function_call_output").put("call_id", "c1")
            .put("output", "x"))).encode());
    assertThat(orphan.json().getJsonObject("error").getString("message")).contains("no function_call before it made");
  }

  static String text(Response response) {
    return response.output().stream().flatMap(item -> item.message().stream())
        .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
        .map(text -> text.text()).collect(Collectors.joining());
  }

  /** Where event {@code n} (from 0) of a raw event stream starts. */
  private static int nthEvent(String stream, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = stream.indexOf("\n\n", at) + 2;
    }
    return at;
  }

  /** The sequence numbers of a raw Responses event stream, in order. */
  private static List<Long> sequenceNumbers(String stream) {
    return stream.lines().filter(line -> line.startsWith("data: "))
        .map(line -> new JsonObject(line.substring(6)).getLong("sequence_number")).toList();
  }
}
