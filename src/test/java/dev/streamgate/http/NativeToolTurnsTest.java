package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Native sessions beyond text, end to end against the mock model: a tool-calling loop over two turns
 * (the call streamed as {@code tool_call} events, its result sent back as {@code tool_results}, the whole
 * exchange kept in the session's history), a resume in the middle of a call, images, and the generation
 * parameters.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NativeToolTurnsTest {

  static final JsonArray WEATHER = new JsonArray().add(new JsonObject().put("type", "function").put("function",
      new JsonObject().put("name", "get_weather").put("description", "The weather in a city").put("parameters",
          new JsonObject().put("type", "object").put("properties", new JsonObject().put("city",
              new JsonObject().put("type", "string"))).put("required", new JsonArray().add("city")))));
  /** A 1×1 PNG. */
  static final String PNG = "data:image/png;base64,"
      + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "40", "GRACE_SECONDS", "5"));
  }

  @Test
  void aToolCallThenItsResultMakeTwoTurnsAndTheHistoryKeepsThemInOrder() throws Exception {
    Turn called = Turn.run(gateway, new JsonObject().put("message", "Paris").put("tools", WEATHER));
    assertThat(called.types()).startsWith("session_info", "status", "tool_call", "tool_call_delta")
        .endsWith("chunk", "complete").doesNotContain("error");
    JsonObject start = called.events().get(2);
    assertThat(start.getString("id")).isEqualTo("call_mock_get_weather");
    assertThat(start.getString("name")).isEqualTo("get_weather");
    assertThat(start.getInteger("index")).isZero();
    String arguments = called.events().stream().filter(e -> "tool_call_delta".equals(e.getString("type")))
        .map(e -> e.getString("arguments")).collect(Collectors.joining());
    JsonObject complete = called.complete();
    assertThat(complete.getString("finish_reason")).isEqualTo("tool_calls");
    JsonObject call = complete.getJsonArray("tool_calls").getJsonObject(0);
    assertThat(call.getString("id")).isEqualTo("call_mock_get_weather");
    assertThat(call.getJsonObject("function").getString("arguments")).isEqualTo(arguments);
    assertThat(new JsonObject(arguments)).isEqualTo(new JsonObject().put("city", "Paris"));
    String sessionId = complete.getString("session_id");

    JsonObject result = new JsonObject().put("tool_call_id", "call_mock_get_weather").put("content", "sunny, 24 °C");
    Turn answered = Turn.run(gateway, new JsonObject().put("session_id", sessionId)
        .put("tool_results", new JsonArray().add(result)));
    assertThat(answered.answer()).isEqualTo("The tool get_weather returned: sunny, 24 °C");
    assertThat(answered.status().getInteger("context_messages")).isEqualTo(3);
    assertThat(answered.complete().getInteger("message_count")).isEqualTo(4);
    assertThat(answered.complete().getJsonArray("tool_calls")).isNull();

    JsonObject session = Http.get(gateway.url("/sessions/" + sessionId)).json();
    JsonArray messages = session.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "tool", "assistant");
    assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("Paris");
    assertThat(messages.getJsonObject(1).getString("content")).isEmpty();
    assertThat(messages.getJsonObject(1).getJsonArray("tool_calls")).isEqualTo(complete.getJsonArray("tool_calls"));
    assertThat(messages.getJsonObject(2).getString("tool_call_id")).isEqualTo("call_mock_get_weather");
    assertThat(messages.getJsonObject(2).getString("content")).isEqualTo("sunny, 24 °C");
    assertThat(messages.getJsonObject(3).getString("content")).isEqualTo(answered.answer());
    assertThat(session.getInteger("assistant_messages")).isEqualTo(2);

    // The calls are answered: the same result again answers nothing, and nothing is stored.
    Http.Reply again = Http.postJson(gateway.url("/chat/stream"), new JsonObject().put("session_id", sessionId)
        .put("tool_results", new JsonArray().add(new JsonObject().put("tool_call_id", "call_mock_get_weather")
            .put("content", "sunny"))).encode());
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().getJsonObject("error").getString("message"))
        .contains("'tool_results[0].tool_call_id' is 'call_mock_get_weather'");
    assertThat(Http.get(gateway.url("/sessions/" + sessionId)).json().getInteger("message_count")).isEqualTo(4);
  }

  @Test
  void resultsWithAMessageComeBeforeItAndTheModelAnswersTheMessage() throws Exception {
    String sessionId = Turn.run(gateway, new JsonObject().put("message", "Oslo").put("tools", WEATHER)).complete()
        .getString("session_id");
    Turn next = Turn.run(gateway, new JsonObject().put("session_id", sessionId).put("message", "And tomorrow?")
        .put("tool_choice", "none").put("tools", WEATHER).put("tool_results", new JsonArray()
            .add(new JsonObject().put("tool_call_id", "call_mock_get_weather").put("content", "snow"))));
    assertThat(next.answer()).contains("You said: \"And tomorrow?\"");
    JsonArray messages = Http.get(gateway.url("/sessions/" + sessionId)).json().getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "tool", "user", "assistant");
  }

  @Test
  void aClientThatDropsInTheMiddleOfACallResumesAndGetsEachEventOnce() throws Exception {
    List<Event> before = new ArrayList<>();
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"),
        new JsonObject().put("message", "Lisbon").put("tools", WEATHER))) {
      for (int i = 0; i < 4; i++) {
        before.add(stream.next()); // session_info, status, tool_call, the first fragment of its arguments
      }
    }
    assertThat(before.get(3).json().getString("type")).isEqualTo("tool_call_delta");
    String turnId = before.get(0).json().getString("turn_id");

    List<Event> all = new ArrayList<>(before);
    all.addAll(EventStream.get(gateway.url("/streams/" + turnId), "Last-Event-ID", before.get(3).id()).rest());
    assertThat(all).extracting(Event::id).containsExactlyElementsOf(
        IntStream.rangeClosed(1, all.size()).mapToObj(String::valueOf).toList());
    List<JsonObject> events = all.stream().map(Event::json).toList();
    assertThat(events.stream().filter(e -> "tool_call".equals(e.getString("type")))).hasSize(1);
    String arguments = events.stream().filter(e -> "tool_call_delta".equals(e.getString("type")))
        .map(e -> e.getString("arguments")).collect(Collectors.joining());
    JsonObject complete = events.get(events.size() - 1);
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("arguments"))
        .isEqualTo(arguments).isEqualTo(new JsonObject().put("city", "Lisbon").encode());
  }

  @Test
  void imagesGoWithTheMessageAndAreKeptAsItsParts() throws Exception {
    Turn turn = Turn.run(gateway, new JsonObject().put("message", "What is this?")
        .put("images", new JsonArray().add(PNG).add("https://example.com/cat.jpg")));
    assertThat(turn.answer()).contains("You said: \"What is this?\". You showed me 2 images.");
    JsonObject user = Http.get(gateway.url("/sessions/" + turn.complete().getString("session_id"))).json()
        .getJsonArray("messages").getJsonObject(0);
    assertThat(user.getJsonArray("content")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", "What is this?"))
        .add(new JsonObject().put("type", "image_url").put("image_url", new JsonObject().put("url", PNG)))
        .add(new JsonObject().put("type", "image_url").put("image_url",
            new JsonObject().put("url", "https://example.com/cat.jpg"))));
  }

  @Test
  void theGenerationParametersReachTheModel() throws Exception {
    Turn turn = Turn.run(gateway, new JsonObject().put("message", "Think first").put("reasoning_effort", "low")
        .put("max_tokens", 4).put("temperature", 0.2).put("n", 1).put("seed", 7));
    List<String> types = turn.types();
    assertThat(types.subList(2, types.indexOf("chunk"))).isNotEmpty().containsOnly("reasoning");
    assertThat(turn.answer()).isEqualTo("This is turn 1 ");
    assertThat(turn.complete().getString("finish_reason")).isEqualTo("length");
  }

  @Test
  void anUnknownFieldThatIsNullAsksNothingAndPasses() throws Exception {
    Turn turn = Turn.run(gateway, new JsonObject().put("message", "hi").put("temprature", (Object) null));
    assertThat(turn.complete().getInteger("message_count")).isEqualTo(2);
  }
}
