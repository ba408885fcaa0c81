package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The native streaming API end to end with the embedded mock model: event shapes, order, ids, multi-turn. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatStreamTest {

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("MAX_CONTEXT_MESSAGES", "3"));
  }

  @Test
  void streamsSessionInfoStatusChunksAndComplete() throws Exception {
    List<Event> events;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "Hello"))) {
      events = stream.rest();
      assertThat(stream.failure()).isNull();
      assertThat(stream.response().header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
    }
    List<String> types = events.stream().map(e -> e.json().getString("type")).toList();
    assertThat(types.get(0)).isEqualTo("session_info");
    assertThat(types.get(1)).isEqualTo("status");
    assertThat(types.subList(2, types.size() - 1)).containsOnly("chunk");
    assertThat(types.get(types.size() - 1)).isEqualTo("complete");

    JsonObject info = events.get(0).json();
    assertThat(info.getString("session_id")).isNotBlank();
    assertThat(info.getString("model")).isEqualTo("mock-echo");
    assertThat(info.getBoolean("created")).isTrue();
    assertThat(events.get(1).json().getInteger("context_messages")).isEqualTo(1);

    List<JsonObject> chunks = chunks(events);
    JsonObject last = chunks.get(chunks.size() - 1);
    assertThat(last.getBoolean("is_final")).isTrue();
    assertThat(last.getString("text")).isEmpty();
    List<JsonObject> textChunks = chunks.subList(0, chunks.size() - 1);
    assertThat(textChunks).allSatisfy(c -> assertThat(c.getBoolean("is_final")).isFalse());
    assertThat(textChunks).extracting(c -> c.getInteger("chunk_number"))
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, textChunks.size()).boxed().toList());
    assertThat(text(events)).startsWith("This is turn 1 of our conversation. You said: \"Hello\".");

    JsonObject complete = events.get(events.size() - 1).json();
    assertThat(complete.getInteger("total_chunks")).isEqualTo(textChunks.size());
    assertThat(complete.getInteger("message_count")).isEqualTo(2);
    assertThat(complete.getDouble("processing_time")).isPositive();
    assertThat(complete.getString("finish_reason")).isEqualTo("stop");
    assertThat(complete.getString("provider")).isEqualTo("mock");
  }

  @Test
  void everyEventHasAnIdThatCountsUpWithinTheTurn() throws Exception {
    List<Event> events;
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "ids"))) {
      events = stream.rest();
    }
    assertThat(events).extracting(Event::id)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, events.size()).mapToObj(String::valueOf).toList());
  }

  @Test
  void laterTurnsSeeTheConversationAndTheReplyIsStored() throws Exception {
    String sessionId = Http.postJson(gateway.url("/sessions/new"), "{}").json().getString("session_id");
    for (int turn = 1; turn <= 3; turn++) {
      List<Event> events;
      try (EventStream stream = EventStream.post(gateway.url("/chat/stream"),
          new JsonObject().put("session_id", sessionId).put("message", "question " + turn))) {
        events = stream.rest();
      }
      assertThat(events.get(0).json().getBoolean("created")).isFalse();
      // The mock counts the user messages it is given; MAX_CONTEXT_MESSAGES=3 caps what it sees.
      int contextMessages = Math.min(2 * turn - 1, 3);
      assertThat(events.get(1).json().getInteger("context_messages")).isEqualTo(contextMessages);
      assertThat(events.get(events.size() - 1).json().getInteger("message_count")).isEqualTo(2 * turn);
      assertThat(text(events)).contains("You said: \"question " + turn + "\"");
    }
    JsonObject session = Http.get(gateway.url("/sessions/" + sessionId)).json();
    assertThat(session.getInteger("message_count")).isEqualTo(6);
    assertThat(session.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
    JsonObject secondReply = session.getJsonArray("messages").getJsonObject(3);
    assertThat(secondReply.getString("content")).startsWith("This is turn 2 of our conversation.");
    assertThat(secondReply.getString("timestamp")).isNotBlank();
    assertThat(secondReply.containsKey("interrupted")).isFalse();
  }

  @Test
  void healthAndStatsCountTheStreams() throws Exception {
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "count"))) {
      stream.rest();
    }
    JsonObject stats = Http.get(gateway.url("/stats")).json();
    assertThat(stats.getLong("total_requests")).isEqualTo(1);
    assertThat(stats.getLong("successful_requests")).isEqualTo(1);
    assertThat(stats.getInteger("active_streams")).isZero();
    assertThat(stats.getInteger("active_sessions")).isEqualTo(1);
    assertThat(stats.getLong("total_sessions_created")).isEqualTo(1);
    assertThat(stats.getDouble("average_response_time")).isPositive();
    assertThat(Http.get(gateway.url("/health")).json().getString("status")).isEqualTo("healthy");
  }

  static List<JsonObject> chunks(List<Event> events) {
    return events.stream().map(Event::json).filter(e -> "chunk".equals(e.getString("type"))).toList();
  }

  static String text(List<Event> events) {
    return chunks(events).stream().map(c -> c.getString("text")).collect(Collectors.joining());
  }
}
