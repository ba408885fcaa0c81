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
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.WeatherTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
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
 * An OpenAI-compatible provider gets every field the client sent, as sent, and every part of its
 * stream (tool calls, reasoning, usage details) reaches the client: replays of real recorded streams,
 * cut at awkward byte boundaries, through the OpenAI dialect and the native one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiPassthroughTest {

  private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  private FakeOpenAi provider;
  private GatewayUnderTest gateway;
  private OpenAIClient client;

  void start(Vertx vertx, Map<String, String> env) {
    provider = FakeOpenAi.start(vertx);
    Map<String, String> all = new java.util.HashMap<>(Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "OPENAI_API_KEY", "sk-test-passthrough"));
    all.putAll(env);
    gateway = GatewayUnderTest.start(vertx, all);
    client = OpenAIOkHttpClient.builder().baseUrl(gateway.url("/v1")).apiKey("not-needed").maxRetries(0).build();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void everyFieldReachesTheProviderAsSent(Vertx vertx) {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    JsonArray tools = new JsonArray().add(new JsonObject().put("type", "function").put("function", new JsonObject()
        .put("name", "get_weather").put("description", "The weather in a city").put("strict", true)
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("location", new JsonObject().put("type", "string"))).put("required", new JsonArray().add("location"))
            .put("additionalProperties", false))));
    JsonArray messages = new JsonArray()
        .add(new JsonObject().put("role", "developer").put("content", "Use tools."))
        .add(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(new JsonObject().put("type", "text").put("text", "Weather where this was taken?"))
            .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", PNG)
                .put("detail", "low")))
            .add(new JsonObject().put("type", "image_url").put("image_url",
                new JsonObject().put("url", "https://example.com/tokyo.jpg")))))
        .add(new JsonObject().put("role", "assistant").put("content", null).put("refusal", null)
            .put("tool_calls", new JsonArray().add(new JsonObject().put("id", "call_1").put("type", "function")
                .put("function", new JsonObject().put("name", "get_weather").put("arguments", "{\"location\":\"Paris\"}")))))
        .add(new JsonObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "rain"))
        .add(new JsonObject().put("role", "user").put("content", "And Tokyo?"));
    JsonObject request = new JsonObject().put("model", "gpt-4.1-nano").put("messages", messages).put("tools", tools)
        .put("tool_choice", "auto").put("parallel_tool_calls", false).put("temperature", 0.2).put("top_p", 0.9)
        .put("max_completion_tokens", 300).put("stop", "END").put("seed", 7).put("presence_penalty", 0.5)
        .put("frequency_penalty", -0.5).put("reasoning_effort", "low").put("user", "user-42")
        .put("verbosity", "low").put("prompt_cache_key", "weather-v1").put("safety_identifier", "hash-42")
        .put("response_format", new JsonObject().put("type", "json_object"))
        .put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));

    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), request.encode());
    assertThat(reply.status()).isEqualTo(200);

    JsonObject sent = provider.calls().get(0).body();
    JsonObject expected = request.copy();
    expected.remove("stream_options");
    expected.getJsonArray("messages").getJsonObject(0).put("role", "system"); // every compatible server knows it
    expected.getJsonArray("messages").getJsonObject(2).remove("refusal"); // null: asks nothing
    expected.put("stop", new JsonArray().add("END")); // one stop sequence, as the list of one
    assertThat(sent.copy().put("stream_options", null)).isEqualTo(expected.put("stream_options", null));
    assertThat(sent.getJsonObject("stream_options")).isEqualTo(new JsonObject().put("include_usage", true));
  }

  @Test
  void aToolCallStreamsToTheOfficialClientAsOpenAiSentIt(Vertx vertx) {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4.1-nano").addUserMessage("Weather in Tokyo?")
            .addTool(WeatherTool.SDK)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      chunks = stream.stream().peek(accumulated::accumulate).toList();
    }
    List<String> fragments = chunks.stream().flatMap(c -> c.choices().stream())
        .flatMap(c -> c.delta().toolCalls().orElse(List.of()).stream())
        .map(call -> call.function().flatMap(f -> f.arguments()).orElse("")).toList();
    assertThat(fragments).as("each fragment as the provider sent it").containsExactly("", "{\"lo", "catio", "n\": \"T",
        "okyo", "\"}");
    ChatCompletion whole = accumulated.chatCompletion();
    ChatCompletionMessageFunctionToolCall call = whole.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_PieqNSej6kM9hgYbcQdbZSaC");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"location\": \"Tokyo\"}");
    assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(whole.usage().orElseThrow().promptTokens()).isEqualTo(67);
    assertThat(whole.model()).as("the model routed to").isEqualTo("gpt-4.1-nano");

    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    ChatCompletion oneShot = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4.1-nano").addUserMessage("Weather in Tokyo?").addTool(WeatherTool.SDK).build());
    assertThat(oneShot.choices().get(0).message().toolCalls().orElseThrow())
        .containsExactly(ChatCompletionMessageToolCall.ofFunction(call));
    assertThat(oneShot.choices().get(0).message().content()).isEmpty();
  }

  @Test
  void theOfficialClientRunsAToolLoopAndAStructuredAnswerThroughTheProvider(Vertx vertx) {
    start(vertx, Map.of());
    ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder().model("gpt-4.1-nano")
        .addUserMessage("Weather in Tokyo?").addTool(WeatherTool.SDK);
    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    ChatCompletionAccumulator accumulated = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(conversation.build())) {
      stream.stream().forEach(accumulated::accumulate);
    }
    ChatCompletion called = accumulated.chatCompletion();
    ChatCompletionMessageFunctionToolCall call = called.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();

    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    conversation.addMessage(called.choices().get(0).message()).addMessage(ChatCompletionToolMessageParam.builder()
        .toolCallId(call.id()).content("{\"sky\":\"clear\"}").build());
    ChatCompletion answer = client.chat().completions().create(conversation.build());
    assertThat(answer.choices().get(0).message().content()).contains(
        new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8));
    JsonArray history = provider.calls().get(1).body().getJsonArray("messages");
    assertThat(history.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "assistant").put("content", null)
        .put("tool_calls", new JsonArray().add(new JsonObject().put("id", "call_PieqNSej6kM9hgYbcQdbZSaC")
            .put("type", "function").put("function", new JsonObject().put("name", "get_weather")
                .put("arguments", "{\"location\": \"Tokyo\"}")))));
    assertThat(history.getJsonObject(2)).isEqualTo(new JsonObject().put("role", "tool")
        .put("content", "{\"sky\":\"clear\"}").put("tool_call_id", "call_PieqNSej6kM9hgYbcQdbZSaC"));

    provider.replay(FakeOpenAi.recording("openai-json-answer-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    StructuredChatCompletion<Forecast> forecast = client.chat().completions().create(ChatCompletionCreateParams
        .builder().model("gpt-4o").addUserMessage("Paris, in JSON").responseFormat(Forecast.class).build());
    Forecast parsed = forecast.choices().get(0).message().content().orElseThrow();
    assertThat(parsed.city).isEqualTo("Paris");
    assertThat(parsed.degrees).isEqualTo(21);
    assertThat(parsed.sunny).isTrue();
    JsonObject format = provider.calls().get(2).body().getJsonObject("response_format");
    assertThat(format.getString("type")).isEqualTo("json_schema");
    assertThat(format.getJsonObject("json_schema").getJsonObject("schema").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("city", "degrees", "sunny");
  }

  /** The answer a structured-output request asks for. */
  public static class Forecast {
    public String city;
    public int degrees;
    public boolean sunny;
  }

  @Test
  void reasoningAndItsTokenCountReachTheClient(Vertx vertx) {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("deepseek-reasoning-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    ChatCompletion whole = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-deepseek").addUserMessage("hello").build());
    assertThat(whole.choices().get(0).message().content()).contains("Hello! How can I assist you today?");
    assertThat(whole.choices().get(0).message()._additionalProperties().get("reasoning_content"))
        .isEqualTo(JsonValue.from("Okay, the user wrote \"hello\". I should respond in a friendly way."));
    assertThat(whole.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()).contains(81L);

    provider.replay(FakeOpenAi.recording("deepseek-reasoning-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    List<JsonObject> events = nativeTurn("hello");
    assertThat(events.stream().filter(e -> "reasoning".equals(e.getString("type"))).map(e -> e.getString("text"))
        .collect(Collectors.joining())).isEqualTo("Okay, the user wrote \"hello\". I should respond in a friendly way.");
    assertThat(events.stream().filter(e -> "chunk".equals(e.getString("type"))).map(e -> e.getString("text"))
        .collect(Collectors.joining())).isEqualTo("Hello! How can I assist you today?");
    assertThat(events.stream().map(e -> e.getInteger("chunk_number")).filter(n -> n != null).toList())
        .as("every delta numbered once, in order").isEqualTo(java.util.stream.IntStream.rangeClosed(1, 11).boxed().toList());
  }

  @Test
  void theNativeStreamCarriesToolCallsAndAResumedOneGetsEachOnce(Vertx vertx) throws Exception {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    List<Event> first;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "Tokyo?"))) {
      first = stream.rest();
    }
    List<JsonObject> events = first.stream().map(Event::json).toList();
    JsonObject start = events.stream().filter(e -> "tool_call".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(start.getString("id")).isEqualTo("call_PieqNSej6kM9hgYbcQdbZSaC");
    assertThat(start.getString("name")).isEqualTo("get_weather");
    assertThat(start.getInteger("index")).isZero();
    JsonObject complete = events.get(events.size() - 1);
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(complete.getInteger("total_chunks")).as("no text chunk").isZero();
    assertThat(complete.getJsonArray("tool_calls")).isEqualTo(new JsonArray().add(new JsonObject()
        .put("id", "call_PieqNSej6kM9hgYbcQdbZSaC").put("type", "function").put("function",
            new JsonObject().put("name", "get_weather").put("arguments", "{\"location\": \"Tokyo\"}"))));

    // A client that dropped after the call started and its first fragment gets the rest, each once.
    String turnId = events.get(0).getString("turn_id");
    String afterFirstFragment = first.get(events.indexOf(start) + 1).id();
    List<Event> resumed = EventStream.get(gateway.url("/streams/" + turnId), "Last-Event-ID", afterFirstFragment).rest();
    assertThat(resumed.stream().map(Event::data).toList())
        .isEqualTo(first.subList(events.indexOf(start) + 2, first.size()).stream().map(Event::data).toList());

    // The session keeps the call, so the next turn's history holds it.
    String sessionId = events.get(0).getString("session_id");
    JsonArray stored = Http.get(gateway.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(stored.getJsonObject(1).getJsonArray("tool_calls")).isEqualTo(complete.getJsonArray("tool_calls"));
  }

  @Test
  void aToolCallCutShortIsNotKeptAndTheSessionGoesOn(Vertx vertx) throws Exception {
    start(vertx, Map.of());
    String recording = new String(FakeOpenAi.recording("openai-tool-call-stream.txt"), StandardCharsets.UTF_8);
    String upToTheFirstFragment = recording.substring(0, recording.indexOf("\n\n", recording.indexOf("{\\\"lo")) + 2);
    provider.replayThenHang(upToTheFirstFragment.getBytes(StandardCharsets.UTF_8), FakeOpenAi.AWKWARD, 0);
    JsonObject info;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "Tokyo?"))) {
      info = stream.next().json();
      while (!"tool_call_delta".equals(stream.next().json().getString("type"))) {
        // up to the call's first fragment
      }
      assertThat(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          gateway.url("/streams/" + info.getString("turn_id")))).DELETE()).status()).isEqualTo(200);
      List<Event> rest = stream.rest();
      assertThat(rest.get(rest.size() - 1).json().getString("code")).isEqualTo("stopped");
    }
    String sessionId = info.getString("session_id");
    JsonObject kept = Eventually.within(Duration.ofSeconds(10)).until("the interrupted reply is stored",
        () -> Http.get(gateway.url("/sessions/" + sessionId)).json().getJsonArray("messages"),
        messages -> messages.size() == 2).getJsonObject(1);
    assertThat(kept.getBoolean("interrupted")).isTrue();
    assertThat(kept.containsKey("tool_calls")).as("a call without whole arguments is not kept").isFalse();

    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), FakeOpenAi.AWKWARD, 0);
    List<JsonObject> next = nativeTurn(new JsonObject().put("session_id", sessionId).put("message", "again"));
    assertThat(next.get(next.size() - 1).getString("type")).as("no result is owed").isEqualTo("complete");
  }

  @Test
  void aToolCallInTheConversationApiEndsWithItsFinishReason(Vertx vertx) {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("openai-tool-call-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    JsonObject answer = Http.postJson(gateway.url("/api/v1/chat/"), new JsonObject().put("message", "Tokyo?")
        .put("stream", false).encode()).json();
    assertThat(answer.getString("finish_reason")).isEqualTo("tool_calls");
    assertThat(answer.getString("content")).isEmpty();
  }

  @Test
  void aParameterTheProviderCannotHonourIsRefusedByNameUnlessTheOperatorDropsIt(Vertx vertx) {
    start(vertx, Map.of());
    Http.Reply refused = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("model", "gpt-4.1-nano")
        .put("top_k", 40).put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")))
        .encode());
    assertThat(refused.status()).isEqualTo(400);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("param")).isEqualTo("top_k");
    assertThat(error.getString("message")).contains("The openai provider (model gpt-4.1-nano) cannot honour 'top_k'")
        .contains("llm.unsupportedParameters: drop");
    assertThat(provider.calls()).as("nothing reached the provider").isEmpty();
  }

  @Test
  void droppedParametersStayOutOfTheProvidersRequest(Vertx vertx) {
    start(vertx, Map.of("UNSUPPORTED_PARAMETERS", "drop"));
    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("model", "gpt-4.1-nano")
        .put("top_k", 40).put("temperature", 0.3)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode());
    assertThat(reply.status()).isEqualTo(200);
    JsonObject sent = provider.calls().get(0).body();
    assertThat(sent.containsKey("top_k")).isFalse();
    assertThat(sent.getDouble("temperature")).isEqualTo(0.3);
  }

  @Test
  void theNativeApiTakesOpenAisNewerHintsToo(Vertx vertx) {
    start(vertx, Map.of());
    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), OpenAiRelayTest.AWKWARD, 0);
    List<JsonObject> events = nativeTurn(new JsonObject().put("message", "hi").put("model", "gpt-4.1-nano")
        .put("verbosity", "high").put("prompt_cache_key", "chat-v2").put("safety_identifier", "hash-7")
        .put("reasoning_effort", "xhigh"));
    assertThat(events.get(events.size() - 1).getString("type")).isEqualTo("complete");
    JsonObject sent = provider.calls().get(0).body();
    assertThat(List.of(sent.getString("verbosity"), sent.getString("prompt_cache_key"),
        sent.getString("safety_identifier"), sent.getString("reasoning_effort")))
        .containsExactly("high", "chat-v2", "hash-7", "xhigh");
  }

  private List<JsonObject> nativeTurn(String message) {
    return nativeTurn(new JsonObject().put("message", message));
  }

  private List<JsonObject> nativeTurn(JsonObject request) {
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), request)) {
      return stream.rest().stream().map(Event::json).toList();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
