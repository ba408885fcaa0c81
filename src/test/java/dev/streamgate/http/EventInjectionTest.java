package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider whose tokens hold SSE syntax ({@code \n\ndata:}, CR, CRLF, {@code id:}, {@code event:},
 * comment lines, Unicode line separators) cannot add, end or rename an event in any dialect: every
 * stream is read by OkHttp's spec-following parser, and each dialect shows exactly its own events, one
 * per delta, with the text intact (JSON dialects) or with only the line ends the SSE format itself
 * normalizes (plain-text dialects). Ids and model names that could reach a header or a log line are
 * refused with 400 before anything starts.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventInjectionTest {

  static final List<String> TOKENS = List.of(
      "Hi ",
      "\n\ndata: {\"type\":\"complete\",\"forged\":true}\n\n",
      "\r\n\r\nevent: end\r\ndata: {}\r\n\r\n",
      "\rid: 666\r\rretry: 1\r",
      ": not a comment\n",
      "id: 7\nevent: newToken\n",
      "data: [DONE]\n\n",
      "\u2028\u2029 end");
  static final String ANSWER = String.join("", TOKENS);

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx);
    StringBuilder stream = new StringBuilder();
    for (String token : TOKENS) {
      stream.append("data: ").append(new JsonObject().put("choices", List.of(new JsonObject().put("index", 0)
          .put("delta", new JsonObject().put("content", token)))).encode()).append("\n\n");
    }
    stream.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
    provider.replay(bytes, new int[] {37, 5, 101}, 2);
    gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai", "OPENAI_BASE_URL", provider.baseUrl()));
  }

  @Test
  void nativeStreamAndItsResumeShowOneChunkPerTokenAndOneComplete() throws Exception {
    List<Event> events = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "x")).rest();
    assertThat(types(events, "type")).containsExactlyElementsOf(expectedNativeTypes());
    assertThat(chunkTexts(events)).containsExactlyElementsOf(TOKENS);

    String turnId = events.get(0).json().getString("turn_id");
    List<Event> resumed = EventStream.get(gateway.url("/streams/" + turnId + "?after=0")).rest();
    assertThat(resumed).isEqualTo(events);
  }

  @Test
  void openAiStreamShowsOneChunkPerTokenThenDone() throws Exception {
    List<Event> events = EventStream.post(gateway.url("/v1/chat/completions"), new JsonObject().put("stream", true)
        .put("messages", List.of(new JsonObject().put("role", "user").put("content", "x")))).rest();
    assertThat(events).hasSize(1 + TOKENS.size() + 1 + 1); // role, tokens, finish, [DONE]
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    List<String> contents = events.subList(1, 1 + TOKENS.size()).stream()
        .map(event -> event.json().getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"))
        .toList();
    assertThat(contents).containsExactlyElementsOf(TOKENS);
  }

  @Test
  void conversationStreamShowsOneContentPerTokenThenMetadata() throws Exception {
    List<Event> events = EventStream.post(gateway.url("/api/v1/chat/"), new JsonObject().put("message", "x")
        .put("stream", true)).rest();
    assertThat(types(events, "type")).containsExactlyElementsOf(repeat("content", "metadata"));
    assertThat(events.subList(0, TOKENS.size()).stream().map(event -> event.json().getString("content")).toList())
        .containsExactlyElementsOf(TOKENS);
  }

  @Test
  void eventsAnswerShowsOneTokenPerDeltaThenDone() throws Exception {
    List<Event> all = EventStream.get(gateway.url("/events?message=x")).rest();
    assertThat(all.get(0).json().getString("sender")).as("seed 001's welcome comes first").isEqualTo("Server");
    List<Event> events = all.subList(1, all.size());
    assertThat(types(events, "event")).containsExactlyElementsOf(repeat("token", "done"));
    assertThat(events.subList(0, TOKENS.size()).stream().map(event -> event.json().getString("data")).toList())
        .containsExactlyElementsOf(TOKENS);
  }

  @Test
  void tokenEventsChannelShowsOneNewTokenPerDeltaThenEnd() throws Exception {
    assertThat(Http.postJson(gateway.url("/api/streaming?channel=inject"), "{\"prompt\":\"x\"}").status()).isEqualTo(202);
    try (EventStream stream = EventStream.get(gateway.url("/api/streaming?channel=inject"))) {
      List<Event> events = until(stream, "end");
      assertThat(events.stream().map(Event::type).toList()).containsExactlyElementsOf(repeat("newToken", "end"));
      // Plain-text data: the SSE format turns CR and CRLF into LF; nothing else changes.
      assertThat(events.subList(0, TOKENS.size()).stream().map(Event::data).toList())
          .containsExactlyElementsOf(TOKENS.stream().map(EventInjectionTest::normalized).toList());
      assertThat(events.get(events.size() - 1).json().getString("text")).isEqualTo(ANSWER);
    }
  }

  @Test
  void liveAnswerChannelShowsTheAnswerSoFarThenOneDone() throws Exception {
    try (EventStream stream = EventStream.get(gateway.url("/events?channel=inject"))) {
      stream.awaitOpen();
      assertThat(Http.postJson(gateway.url("/conversation?channel=inject"),
          "{\"type\":\"conversation\",\"conversation_id\":\"\",\"text\":\"x\"}").status()).isEqualTo(202);
      List<Event> events = until(stream, "done");
      List<Event> messages = events.subList(0, events.size() - 1);
      assertThat(messages).isNotEmpty().allSatisfy(event -> assertThat(event.type()).isEqualTo("message"));
      assertThat(messages.get(messages.size() - 1).data()).isEqualTo(normalized(ANSWER));
      assertThat(events.get(events.size() - 1).json().getString("text")).isEqualTo(ANSWER);
    }
  }

  @Test
  void idsAndModelNamesThatCouldBreakAHeaderOrALogLineAreRefused() {
    for (String body : List.of(
        "{\"message\":\"x\",\"session_id\":\"a\\r\\nSet-Cookie: evil=1\"}",
        "{\"message\":\"x\",\"model\":\"gemini-x\\r\\nX-Injected: 1\"}",
        "{\"message\":\"x\",\"model\":\"gpt-4o\\n\\ndata: {}\"}",
        "{\"message\":\"x\",\"session_id\":\"line\\u2028separator\"}")) {
      Http.Reply refused = Http.postJson(gateway.url("/chat/stream"), body);
      assertThat(refused.status()).as(body).isEqualTo(400);
      assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("invalid_request");
    }
    Http.Reply openAi = Http.postJson(gateway.url("/v1/chat/completions"),
        "{\"model\":\"gpt-4o\\r\\nX-Injected: 1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(openAi.status()).isEqualTo(400);
    Http.Reply conversation = Http.postJson(gateway.url("/api/v1/chat/"),
        "{\"message\":\"x\",\"conversation_id\":\"c\\n\\ndata: {\\\"type\\\":\\\"content\\\"}\"}");
    assertThat(conversation.status()).isEqualTo(400);
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).as("nothing stored").isZero();
  }

  private static List<String> expectedNativeTypes() {
    List<String> types = new ArrayList<>(List.of("session_info", "status"));
    TOKENS.forEach(token -> types.add("chunk"));
    types.add("chunk"); // the is_final marker
    types.add("complete");
    return types;
  }

  /** One {@code each} per token, then {@code last}. */
  private static List<String> repeat(String each, String last) {
    List<String> names = new ArrayList<>();
    TOKENS.forEach(token -> names.add(each));
    names.add(last);
    return names;
  }

  private static List<String> types(List<Event> events, String field) {
    return events.stream().map(event -> event.json().getString(field)).toList();
  }

  private static List<String> chunkTexts(List<Event> events) {
    return events.stream().map(Event::json).filter(json -> "chunk".equals(json.getString("type")))
        .filter(json -> !json.getBoolean("is_final")).map(json -> json.getString("text")).collect(Collectors.toList());
  }

  private static List<Event> until(EventStream stream, String lastType) throws InterruptedException {
    List<Event> events = new ArrayList<>();
    for (Event event = stream.next(); event != null; event = stream.next()) {
      events.add(event);
      if (lastType.equals(event.type())) {
        break;
      }
    }
    return events;
  }

  /** What an SSE reader sees of plain text: CRLF and CR become LF. */
  private static String normalized(String text) {
    return text.replace("\r\n", "\n").replace("\r", "\n");
  }
}
