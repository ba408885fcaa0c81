package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A recorded OpenAI stream relayed through the whole pipeline, delivered to the gateway in awkward pieces. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiRelayTest {

  static final String KEY = "sk-test-0123456789abcdef";
  static final int[] AWKWARD = FakeOpenAi.AWKWARD;

  private FakeOpenAi provider;
  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    provider = FakeOpenAi.start(vertx);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl(),
        "OPENAI_API_KEY", KEY));
  }

  @Test
  void relaysEveryDeltaExactlyAndInOrder() throws Exception {
    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), AWKWARD, 1);
    List<Event> events = chat(new JsonObject().put("message", "Say hello"));

    String expected = new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8);
    assertThat(text(events)).isEqualTo(expected);
    // One SSE chunk per provider delta: nothing merged, nothing held back.
    assertThat(textChunks(events)).hasSize(12);
    JsonObject complete = events.get(events.size() - 1).json();
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getString("finish_reason")).isEqualTo("stop");
    assertThat(complete.getJsonObject("usage"))
        .isEqualTo(new JsonObject().put("prompt_tokens", 19).put("completion_tokens", 31).put("total_tokens", 50));
    assertThat(complete.getString("provider")).isEqualTo("openai");
    assertThat(complete.getString("model")).isEqualTo("gpt-4o-mini");
  }

  @Test
  void sendsAStreamingRequestWithKeyAndHistory() throws Exception {
    provider.replay(FakeOpenAi.recording("openai-chat-stream.txt"), AWKWARD, 0);
    List<Event> first = chat(new JsonObject().put("message", "first question"));
    String sessionId = first.get(0).json().getString("session_id");
    chat(new JsonObject().put("session_id", sessionId).put("message", "second question").put("model", "gpt-4.1"));

    FakeOpenAi.Call call = provider.calls().get(1);
    assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(call.body().getBoolean("stream")).isTrue();
    assertThat(call.body().getJsonObject("stream_options").getBoolean("include_usage")).isTrue();
    assertThat(call.body().getString("model")).isEqualTo("gpt-4.1");
    String firstAnswer = new String(FakeOpenAi.recording("openai-chat-stream.expected.txt"), StandardCharsets.UTF_8);
    assertThat(call.body().getJsonArray("messages")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "first question"))
        .add(new JsonObject().put("role", "assistant").put("content", firstAnswer))
        .add(new JsonObject().put("role", "user").put("content", "second question")));
  }

  @Test
  void eachDeltaReachesTheClientBeforeTheProviderSendsTheNext(Vertx vertx) throws Exception {
    byte[] recording = FakeOpenAi.recording("openai-chat-stream.txt");
    // 400 ms between provider events: if the gateway held anything back, the first chunk would arrive late.
    provider.replay(recording, eventSizes(recording), 400);
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "live"))) {
      stream.next();
      stream.next();
      long sent = System.nanoTime();
      assertThat(stream.next().json().getString("text")).isEqualTo("Hello");
      long firstChunkMs = (System.nanoTime() - sent) / 1_000_000;
      assertThat(stream.next().json().getString("text")).isEqualTo("! Here");
      long secondChunkMs = (System.nanoTime() - sent) / 1_000_000;
      assertThat(secondChunkMs - firstChunkMs).as("gap between the first two chunks").isGreaterThan(200);
    }
  }

  List<Event> chat(JsonObject request) throws InterruptedException {
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), request)) {
      List<Event> events = stream.rest();
      assertThat(stream.failure()).isNull();
      return events;
    }
  }

  /** The length of each "data: …\n\n" event of a recording, so the fake writes one provider event per write. */
  static int[] eventSizes(byte[] recording) {
    String text = new String(recording, StandardCharsets.ISO_8859_1);
    return java.util.Arrays.stream(text.split("(?<=\n\n)")).mapToInt(String::length).toArray();
  }

  static List<JsonObject> textChunks(List<Event> events) {
    return events.stream().map(Event::json)
        .filter(e -> "chunk".equals(e.getString("type")) && !e.getBoolean("is_final")).toList();
  }

  static String text(List<Event> events) {
    return textChunks(events).stream().map(c -> c.getString("text")).collect(Collectors.joining());
  }

  static JsonObject session(GatewayUnderTest gateway, String id) {
    return Http.get(gateway.url("/sessions/" + id)).json();
  }
}
