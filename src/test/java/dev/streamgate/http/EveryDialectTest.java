package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.EventStream;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded provider stream, replayed cut at awkward byte boundaries, goes through every dialect,
 * and each shows what it can carry: the text whole and once, the reasoning apart from it (in the
 * dialects that have a place for it), the tool calls (OpenAI, Anthropic and native), and the finish
 * reason.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EveryDialectTest {

  /** A recording and what it holds: the answer's text and reasoning, its one tool call's name (or null), its end. */
  record Recording(String provider, String file, String text, String reasoning, String tool, String finish) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Arguments> recordings() {
    String text = new String(FakeOpenAi.recording("expected-text.txt"), StandardCharsets.UTF_8);
    return Stream.of(
        new Recording("openai", "openai-chat-stream.txt",
            new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8), "", null, "stop"),
        new Recording("openai", "openai-tool-call-stream.txt", "", "", "get_weather", "tool_calls"),
        new Recording("openai", "deepseek-reasoning-stream.txt", "Hello! How can I assist you today?",
            "Okay, the user wrote \"hello\". I should respond in a friendly way.", null, "stop"),
        new Recording("anthropic", "anthropic-messages-stream.txt", text, "Let me think", null, "stop"),
        new Recording("anthropic", "anthropic-tool-use-stream.txt", "I'll check the weather in both cities.",
            "The user asks about Paris and Tokyo (東京). get_weather takes one city, so I will call it twice, in parallel.",
            "get_weather", "tool_calls"),
        new Recording("openai", "openai-json-answer-stream.txt", "{\"city\":\"Paris\",\"degrees\":21,\"sunny\":true}", "",
            null, "stop"),
        new Recording("gemini", "gemini-stream.txt", text, "thinking about it", null, "stop"),
        new Recording("gemini", "gemini-tool-call-stream.txt", "", "**Finding the weather tool**\n\nThe user asks about"
            + " two cities, Tōkyō (東京) and Paris, so I will call `get_weather` for each.\n**Calling in parallel**\n\n"
            + "Both lookups are independent; I'll make them together. 🌦\n", "get_weather", "tool_calls"),
        new Recording("ollama", "ollama-chat-stream.ndjson", text, "", null, "stop"),
        new Recording("ollama", "ollama-tool-call-stream.ndjson", "", "Okay, the user wants the weather in Tōkyō (東京)"
            + " and Paris. I'll call get_weather for each. 🌦", "get_weather", "tool_calls"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void eachDialectShowsWhatItCanCarry(Recording recording, Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx);
    String prefix = recording.provider().toUpperCase();
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", recording.provider(),
        prefix + "_BASE_URL", recording.provider().equals("openai") ? provider.baseUrl() : provider.root(),
        prefix + "_API_KEY", "k"));
    provider.replay(FakeOpenAi.recording(recording.file()), FakeOpenAi.AWKWARD, 0);

    openAi(gateway, recording);
    anthropicMessages(gateway, recording);
    responses(gateway, recording);
    nativeStream(gateway, recording);
    conversation(gateway, recording);
    eventJson(gateway, recording);
    liveAnswerChannel(gateway, recording);
    tokenEventsChannel(gateway, recording);
  }

  private static void openAi(GatewayUnderTest gateway, Recording recording) {
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject().put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode());
    List<JsonObject> choices = reply.body().lines().filter(line -> line.startsWith("data: {"))
        .map(line -> new JsonObject(line.substring(6)).getJsonArray("choices"))
        .filter(list -> !list.isEmpty()).map(list -> list.getJsonObject(0)).toList();
    List<JsonObject> deltas = choices.stream().map(choice -> choice.getJsonObject("delta")).toList();
    assertThat(join(deltas, d -> d.getString("content"))).as("openai text").isEqualTo(recording.text());
    assertThat(join(deltas, d -> d.getString("reasoning_content"))).as("openai reasoning").isEqualTo(recording.reasoning());
    assertThat(deltas.stream().filter(d -> d.containsKey("tool_calls"))
        .map(d -> d.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("name"))
        .filter(name -> name != null).findFirst().orElse(null)).as("openai tool call").isEqualTo(recording.tool());
    assertThat(choices.stream().map(choice -> choice.getString("finish_reason")).filter(reason -> reason != null))
        .as("openai finish").containsExactly(recording.finish());
  }

  /** Anthropic's clients must name a model: one of the recording's provider. */
  private static void anthropicMessages(GatewayUnderTest gateway, Recording recording) {
    Http.Reply reply = Http.postJson(gateway.url("/v1/messages"), new JsonObject().put("model", recording.provider() + "/any-model")
        .put("max_tokens", 100).put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi"))).encode());
    List<JsonObject> events = reply.body().lines().filter(line -> line.startsWith("data: "))
        .map(line -> new JsonObject(line.substring(6))).toList();
    List<JsonObject> deltas = ofType(events, "content_block_delta").stream().map(e -> e.getJsonObject("delta")).toList();
    assertThat(join(ofType(deltas, "text_delta"), d -> d.getString("text"))).as("anthropic text").isEqualTo(recording.text());
    assertThat(join(ofType(deltas, "thinking_delta"), d -> d.getString("thinking"))).as("anthropic thinking")
        .isEqualTo(recording.reasoning());
    assertThat(ofType(events, "content_block_start").stream().map(e -> e.getJsonObject("content_block"))
        .filter(block -> "tool_use".equals(block.getString("type"))).map(block -> block.getString("name"))
        .findFirst().orElse(null)).as("anthropic tool use").isEqualTo(recording.tool());
    assertThat(ofType(events, "message_delta").get(0).getJsonObject("delta").getString("stop_reason"))
        .isEqualTo(recording.finish().equals("tool_calls") ? "tool_use" : "end_turn");
    assertThat(events.get(events.size() - 1).getString("type")).isEqualTo("message_stop");
  }

  /** Reasoning shows as a reasoning item's summary; a call as a function_call item. */
  private static void responses(GatewayUnderTest gateway, Recording recording) {
    Http.Reply reply = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("stream", true)
        .put("input", "hi").encode());
    List<JsonObject> events = reply.body().lines().filter(line -> line.startsWith("data: "))
        .map(line -> new JsonObject(line.substring(6))).toList();
    assertThat(join(ofType(events, "response.output_text.delta"), e -> e.getString("delta"))).as("responses text")
        .isEqualTo(recording.text());
    assertThat(join(ofType(events, "response.reasoning_summary_text.delta"), e -> e.getString("delta")))
        .as("responses reasoning").isEqualTo(recording.reasoning());
    assertThat(ofType(events, "response.output_item.added").stream().map(e -> e.getJsonObject("item"))
        .filter(item -> "function_call".equals(item.getString("type"))).map(item -> item.getString("name"))
        .findFirst().orElse(null)).as("responses function call").isEqualTo(recording.tool());
    JsonObject last = events.get(events.size() - 1);
    assertThat(last.getString("type")).isEqualTo("response.completed");
    assertThat(last.getJsonObject("response").getJsonArray("output").stream().map(item -> ((JsonObject) item)
        .getString("type")).toList()).as("responses output")
        .contains(recording.tool() != null ? "function_call" : "message");
  }

  private static void nativeStream(GatewayUnderTest gateway, Recording recording) throws Exception {
    List<JsonObject> events;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "hi"))) {
      events = stream.rest().stream().map(Event::json).toList();
    }
    assertThat(join(ofType(events, "chunk"), e -> e.getString("text"))).as("native text").isEqualTo(recording.text());
    assertThat(join(ofType(events, "reasoning"), e -> e.getString("text"))).as("native reasoning")
        .isEqualTo(recording.reasoning());
    assertThat(ofType(events, "tool_call").stream().map(e -> e.getString("name")).findFirst().orElse(null))
        .as("native tool call").isEqualTo(recording.tool());
    assertThat(events.get(events.size() - 1).getString("finish_reason")).as("native finish").isEqualTo(recording.finish());
  }

  private static void conversation(GatewayUnderTest gateway, Recording recording) {
    Http.Reply reply = Http.postJson(gateway.url("/api/v1/chat/"), new JsonObject().put("message", "hi")
        .put("stream", true).encode());
    List<JsonObject> events = reply.body().lines().filter(line -> line.startsWith("data: "))
        .map(line -> new JsonObject(line.substring(6))).toList();
    assertThat(join(ofType(events, "content"), e -> e.getString("content"))).as("conversation text")
        .isEqualTo(recording.text());
    assertThat(join(ofType(events, "reasoning"), e -> e.getString("content"))).as("conversation reasoning")
        .isEqualTo(recording.reasoning());
    assertThat(ofType(events, "metadata").get(0).getString("finish_reason")).isEqualTo(recording.finish());
  }

  private static void eventJson(GatewayUnderTest gateway, Recording recording) throws Exception {
    List<JsonObject> events;
    try (EventStream stream = EventStream.get(gateway.url("/events?message=hi"))) {
      events = stream.rest().stream().skip(1).map(Event::json).toList(); // after the welcome
    }
    Predicate<JsonObject> token = e -> "token".equals(e.getString("event"));
    assertThat(join(events.stream().filter(token).toList(), e -> e.getString("data"))).as("seed 001 text")
        .isEqualTo(recording.text());
    assertThat(join(events.stream().filter(e -> "reasoning".equals(e.getString("event"))).toList(),
        e -> e.getString("data"))).isEqualTo(recording.reasoning());
    assertThat(events.get(events.size() - 1).getJsonObject("data").getString("finish_reason")).isEqualTo(recording.finish());
  }

  private static void liveAnswerChannel(GatewayUnderTest gateway, Recording recording) throws Exception {
    try (EventStream stream = EventStream.get(gateway.url("/events?channel=every-000"))) {
      stream.awaitOpen();
      post(gateway, "/conversation?channel=every-000", new JsonObject().put("text", "hi"));
      List<Event> events = stream.until("done");
      List<Event> messages = events.stream().filter(e -> "message".equals(e.type())).toList();
      assertThat(messages.isEmpty() ? "" : messages.get(messages.size() - 1).data()).as("seed 000 text")
          .isEqualTo(plain(recording.text()));
      assertThat(events.stream().filter(e -> "reasoning".equals(e.type())).map(Event::data)
          .collect(Collectors.joining())).isEqualTo(recording.reasoning());
      assertThat(events.get(events.size() - 1).json().getString("finish_reason")).isEqualTo(recording.finish());
    }
  }

  private static void tokenEventsChannel(GatewayUnderTest gateway, Recording recording) throws Exception {
    try (EventStream stream = EventStream.get(gateway.url("/api/streaming?channel=every-002"))) {
      stream.awaitOpen();
      post(gateway, "/api/streaming?channel=every-002", new JsonObject().put("prompt", "hi"));
      List<Event> events = stream.until("end");
      assertThat(events.stream().filter(e -> "newToken".equals(e.type())).map(Event::data).collect(Collectors.joining()))
          .as("seed 002 text").isEqualTo(plain(recording.text()));
      assertThat(events.stream().filter(e -> "reasoning".equals(e.type())).map(Event::data)
          .collect(Collectors.joining())).isEqualTo(recording.reasoning());
      assertThat(events.get(events.size() - 1).json().getString("finish_reason")).isEqualTo(recording.finish());
    }
  }

  /** Text as an SSE event's data carries it when it is plain text: every line ending is a line feed. */
  private static String plain(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static void post(GatewayUnderTest gateway, String path, JsonObject body) {
    assertThat(Http.postJson(gateway.url(path), body.encode()).status()).isEqualTo(202);
  }

  private static List<JsonObject> ofType(List<JsonObject> events, String type) {
    return events.stream().filter(e -> type.equals(e.getString("type"))).toList();
  }

  private static String join(List<JsonObject> events, java.util.function.Function<JsonObject, String> field) {
    return events.stream().map(field).filter(text -> text != null).collect(Collectors.joining());
  }
}
