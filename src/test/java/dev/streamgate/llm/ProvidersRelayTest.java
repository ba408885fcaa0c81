package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anthropic, Gemini and Ollama end to end: a recorded stream of each API, delivered in awkward pieces
 * by a local fake, relayed exactly; each request in that API's own shape; each API's errors reported.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProvidersRelayTest {

  static final String EXPECTED = new String(FakeOpenAi.recording("expected-text.txt"), StandardCharsets.UTF_8);

  @Test
  void anthropicMessagesStream(Vertx vertx) throws Exception {
    FakeOpenAi fake = FakeOpenAi.start(vertx).replay(FakeOpenAi.recording("anthropic-messages-stream.txt"),
        OpenAiRelayTest.AWKWARD, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", fake.root(), "ANTHROPIC_API_KEY", "sk-ant-test-0123456789"));
    List<Event> events = chat(gateway, "Hi Claude");

    assertThat(text(events)).isEqualTo(EXPECTED);
    assertComplete(events, "anthropic", "claude-3-5-haiku-latest", 25, 31);
    FakeOpenAi.Call call = fake.calls().get(0);
    assertThat(call.uri()).isEqualTo("/v1/messages");
    assertThat(call.headers().get("x-api-key")).isEqualTo("sk-ant-test-0123456789");
    assertThat(call.headers().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(call.body().getBoolean("stream")).isTrue();
    assertThat(call.body().getInteger("max_tokens")).isEqualTo(4096);
    assertThat(call.body().getJsonArray("messages"))
        .isEqualTo(new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hi Claude")));
  }

  @Test
  void geminiStreamWithRolesMappedAndTheKeyInAHeader(Vertx vertx) throws Exception {
    FakeOpenAi fake = FakeOpenAi.start(vertx).replay(FakeOpenAi.recording("gemini-stream.txt"),
        OpenAiRelayTest.AWKWARD, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "gemini",
        "GEMINI_BASE_URL", fake.root(), "GOOGLE_API_KEY", "AIzaTest0123456789", "GENAI_MODEL_ID", "gemini-2.5-flash"));
    List<Event> first = chat(gateway, "Hi Gemini");
    assertThat(text(first)).isEqualTo(EXPECTED);
    assertComplete(first, "gemini", "gemini-2.5-flash", 9, 31);

    String session = first.get(0).json().getString("session_id");
    chat(gateway, new JsonObject().put("session_id", session).put("message", "again"));
    FakeOpenAi.Call call = fake.calls().get(1);
    assertThat(call.uri()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(call.headers().get("x-goog-api-key")).isEqualTo("AIzaTest0123456789");
    assertThat(call.body().getJsonArray("contents").stream().map(c -> ((JsonObject) c).getString("role")).toList())
        .containsExactly("user", "model", "user");
    assertThat(call.body().getJsonArray("contents").getJsonObject(1).getJsonArray("parts").getJsonObject(0)
        .getString("text")).isEqualTo(EXPECTED);
  }

  @Test
  void ollamaNativeNdjsonStream(Vertx vertx) throws Exception {
    FakeOpenAi fake = FakeOpenAi.start(vertx).replay(FakeOpenAi.recording("ollama-chat-stream.ndjson"),
        OpenAiRelayTest.AWKWARD, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "ollama",
        "OLLAMA_BASE_URL", fake.root()));
    List<Event> events = chat(gateway, "Hi llama");
    assertThat(text(events)).isEqualTo(EXPECTED);
    assertComplete(events, "ollama", "llama3.2", 26, 31);
    assertThat(fake.calls().get(0).uri()).isEqualTo("/api/chat");
    assertThat(fake.calls().get(0).body().getBoolean("stream")).isTrue();
  }

  @Test
  void anthropicOverloadedEventMidStreamIsAnError(Vertx vertx) throws Exception {
    String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Par\"}}\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    FakeOpenAi fake = FakeOpenAi.start(vertx).replayThenHang(bytes(stream), new int[] {7}, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "anthropic",
        "ANTHROPIC_BASE_URL", fake.root(), "ANTHROPIC_API_KEY", "sk-ant-test-0123456789"));
    JsonObject error = last(chat(gateway, "hi"));
    assertThat(error.getString("type")).isEqualTo("error");
    assertThat(error.getString("message")).isEqualTo("anthropic reported an error: overloaded_error: Overloaded");
    fake.calls().get(0).closed().await(5, TimeUnit.SECONDS);
  }

  @Test
  void geminiSafetyStopIsAnErrorNotAnAnswer(Vertx vertx) throws Exception {
    String stream = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I can\"}],\"role\":\"model\"},"
        + "\"finishReason\":\"SAFETY\",\"index\":0}]}\r\n\r\n";
    FakeOpenAi fake = FakeOpenAi.start(vertx).replay(bytes(stream), new int[] {5}, 1);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "gemini",
        "GEMINI_BASE_URL", fake.root(), "GEMINI_API_KEY", "AIzaTest0123456789"));
    JsonObject error = last(chat(gateway, "hi"));
    assertThat(error.getString("code")).isEqualTo("content_blocked");
    assertThat(error.getString("message")).isEqualTo("gemini reported an error: stopped the answer: SAFETY");
  }

  @Test
  void ollamaErrorLineAndHttpErrorsNameTheProvider(Vertx vertx) throws Exception {
    FakeOpenAi fake = FakeOpenAi.start(vertx).fail(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}");
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "ollama",
        "OLLAMA_BASE_URL", fake.root(), "LLM_MODEL", "llama9"));
    assertThat(last(chat(gateway, "hi")).getString("message"))
        .isEqualTo("ollama answered HTTP 404: model \"llama9\" not found, try pulling it first");

    fake.replayThenHang(bytes("{\"error\":\"out of memory\"}\n"), new int[] {4}, 1);
    assertThat(last(chat(gateway, "hi")).getString("message")).isEqualTo("ollama reported an error: out of memory");
  }

  static List<Event> chat(GatewayUnderTest gateway, String message) throws InterruptedException {
    return chat(gateway, new JsonObject().put("message", message));
  }

  static List<Event> chat(GatewayUnderTest gateway, JsonObject request) throws InterruptedException {
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), request)) {
      List<Event> events = stream.rest();
      assertThat(stream.failure()).isNull();
      return events;
    }
  }

  static void assertComplete(List<Event> events, String provider, String model, long prompt, long completion) {
    JsonObject complete = last(events);
    assertThat(complete.getString("type")).isEqualTo("complete");
    assertThat(complete.getString("provider")).isEqualTo(provider);
    assertThat(complete.getString("model")).isEqualTo(model);
    assertThat(complete.getString("finish_reason")).isEqualTo("stop");
    assertThat(complete.getJsonObject("usage")).isEqualTo(new JsonObject().put("prompt_tokens", prompt)
        .put("completion_tokens", completion).put("total_tokens", prompt + completion));
  }

  static JsonObject last(List<Event> events) {
    return events.get(events.size() - 1).json();
  }

  static String text(List<Event> events) {
    return events.stream().map(Event::json).filter(e -> "chunk".equals(e.getString("type")))
        .map(e -> e.getString("text")).collect(Collectors.joining());
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
