package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code GET /events?message=} turn does not end the moment its reader drops (it may reconnect),
 * but one nobody comes back to within the grace period is cancelled and stored as interrupted.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbandonedTurnTest {

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    // 31 words 150 ms apart: the answer would take 4.6 s; the grace period is 1 s.
    gateway = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "150", "GRACE_SECONDS", "1"));
  }

  @Test
  void aTurnWhoseReaderNeverComesBackIsCancelledAfterTheGracePeriod() throws Exception {
    EventStream stream = EventStream.get(gateway.url("/events?message=leave%20me&session_id=s-gone"));
    stream.next();
    long leftAt = System.nanoTime();
    stream.close();

    JsonObject reply = awaitAssistantMessage("s-gone");
    long storedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leftAt);
    assertThat(reply.getBoolean("interrupted")).isTrue();
    assertThat(reply.getString("content")).isNotEmpty().doesNotContain("Server-Sent Events at work");
    assertThat(storedAfterMs).as("cancelled after the 1 s grace (swept each second), before the answer's end")
        .isBetween(900L, 3500L);
  }

  @Test
  void aClientResumingAfterTheGracePeriodGetsWhatWasSaidAndAnAbandonedEndNotAHang() throws Exception {
    EventStream stream = EventStream.post(gateway.url("/chat/stream"), new JsonObject().put("message", "back too late"));
    JsonObject info = stream.next().json();
    stream.next();
    stream.next();
    stream.close();
    awaitAssistantMessage(info.getString("session_id"));

    List<Event> rest = EventStream.get(gateway.url("/streams/" + info.getString("turn_id") + "?after=3")).rest();
    JsonObject last = rest.get(rest.size() - 1).json();
    assertThat(last.getString("type")).isEqualTo("error");
    assertThat(last.getString("code")).isEqualTo("abandoned");
    assertThat(rest.get(0).id()).isEqualTo("4");
  }

  private JsonObject awaitAssistantMessage(String session) {
    JsonObject history = Eventually.within(Duration.ofSeconds(10)).until("a reply stored in " + session,
        () -> Http.get(gateway.url("/sessions/" + session)).json(), h -> h.getInteger("message_count", 0) >= 2);
    return history.getJsonArray("messages").getJsonObject(1);
  }
}
