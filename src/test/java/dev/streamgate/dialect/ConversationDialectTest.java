package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed chatbot's {@code POST /api/v1/chat/}: content and metadata events, or one JSON answer. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConversationDialectTest {

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx);
  }

  @Test
  void streamsContentThenMetadataAndKeepsTheConversationUnderTheClientsId() throws Exception {
    String id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    List<Event> first = stream("/api/v1/chat/", new JsonObject().put("conversation_id", id)
        .put("message", "Explain the concept of Tawhid").put("stream", true));
    // No "event:" line: a browser's EventSource hands every event to onmessage, as the seed's client reads them.
    assertThat(first).allSatisfy(e -> assertThat(e.type()).isNull());
    List<JsonObject> events = first.stream().map(Event::json).toList();
    assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> {
      assertThat(e.getString("type")).isEqualTo("content");
      assertThat(e.fieldNames()).containsExactlyInAnyOrder("type", "content");
    });
    assertThat(events.stream().filter(e -> "content".equals(e.getString("type"))).map(e -> e.getString("content"))
        .collect(Collectors.joining())).startsWith("This is turn 1 of our conversation. You said: \"Explain the concept of Tawhid\".");
    JsonObject metadata = events.get(events.size() - 1);
    assertThat(metadata.getString("type")).isEqualTo("metadata");
    assertThat(metadata.getString("message_id")).isNotBlank();
    assertThat(metadata.getJsonObject("usage").getLong("completion_tokens")).isPositive();

    // Without the trailing slash, same conversation: the second turn sees the first.
    List<Event> second = stream("/api/v1/chat", new JsonObject().put("conversation_id", id).put("message", "More"));
    assertThat(second.get(0).json().getString("content")).isEqualTo("This ");
    assertThat(second.stream().map(e -> e.json().getString("content", "")).collect(Collectors.joining()))
        .startsWith("This is turn 2 of our conversation.");
    assertThat(Http.get(gateway.url("/sessions/" + id)).json().getInteger("message_count")).isEqualTo(4);
  }

  @Test
  void answersOneJsonObjectWhenNotStreaming() {
    Http.Reply reply = Http.postJson(gateway.url("/api/v1/chat/"), "{\"message\":\"Test streaming\",\"stream\":false}");
    assertThat(reply.status()).isEqualTo(200);
    JsonObject answer = reply.json();
    assertThat(answer.getString("type")).isEqualTo("message");
    assertThat(answer.getString("content")).startsWith("This is turn 1 of our conversation. You said: \"Test streaming\".")
        .endsWith("at work.");
    assertThat(Http.get(gateway.url("/sessions/" + answer.getString("conversation_id"))).json()
        .getInteger("message_count")).isEqualTo(2);
  }

  @Test
  void badInputIsAJsonError() {
    Http.Reply reply = Http.postJson(gateway.url("/api/v1/chat/"), "{\"conversation_id\":\"x\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonObject("error").getString("message")).contains("'message' is required");
    assertThat(Http.get(gateway.url("/sessions/x")).status()).isEqualTo(404);
  }

  private List<Event> stream(String path, JsonObject body) throws InterruptedException {
    try (EventStream stream = EventStream.post(gateway.url(path), body)) {
      List<Event> events = stream.rest();
      assertThat(stream.failure()).isNull();
      return events;
    }
  }
}
