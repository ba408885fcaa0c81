package dev.streamgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The events of one native {@code /chat/stream} turn, read to the end, and what they say. */
public record Turn(List<JsonObject> events) {

  /** Runs one turn on {@code node} and reads it to the end. */
  public static Turn run(GatewayUnderTest node, JsonObject body) throws InterruptedException {
    return run(node.url("/chat/stream"), body);
  }

  public static Turn run(String url, JsonObject body) throws InterruptedException {
    try (EventStream stream = EventStream.post(url, body)) {
      return of(stream.rest());
    }
  }

  public static Turn of(List<EventStream.Event> events) {
    return new Turn(events.stream().map(EventStream.Event::json).toList());
  }

  /** The text of every chunk, in order: the answer as the client saw it. */
  public String answer() {
    return events.stream().filter(e -> "chunk".equals(e.getString("type"))).map(e -> e.getString("text"))
        .reduce("", String::concat);
  }

  public List<String> types() {
    return events.stream().map(e -> e.getString("type")).toList();
  }

  public JsonObject last() {
    assertThat(events).as("events of the turn").isNotEmpty();
    return events.get(events.size() - 1);
  }

  /** The closing {@code complete} event; fails showing every event when the turn did not complete. */
  public JsonObject complete() {
    assertThat(last().getString("type")).as(events.toString()).isEqualTo("complete");
    return last();
  }

  public JsonObject status() {
    return events.stream().filter(e -> "status".equals(e.getString("type"))).findFirst().orElseThrow();
  }
}
