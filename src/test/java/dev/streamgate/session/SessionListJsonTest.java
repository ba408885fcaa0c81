package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sessions}' body streamed into one buffer is, byte for byte, what encoding its summaries as
 * JSON objects gave.
 */
class SessionListJsonTest {

  @Test
  void theStreamedListIsTheSummariesJsonToTheByte() {
    List<SessionSummary> sessions = new ArrayList<>();
    sessions.add(new SessionSummary("a1b2", "mock-echo", Instant.parse("2026-12-08T00:00:00Z"),
        Instant.parse("2026-12-08T00:00:01.5Z"), 2));
    sessions.add(new SessionSummary("ü \"quoted\" \\ 東京 🌦", null, Instant.ofEpochSecond(1, 123_456_789),
        Instant.parse("2026-12-08T10:11:12.000001Z"), 0));
    for (int i = 0; i < 1000; i++) { // past the size guessed up front for a few
      sessions.add(new SessionSummary("s" + i, "gpt-4o-mini-with-a-much-longer-model-name-than-most-" + i,
          Instant.ofEpochMilli(i * 1_000_003L), Instant.ofEpochMilli(i * 7L), i));
    }
    JsonArray list = new JsonArray();
    sessions.forEach(session -> list.add(session.toJson()));
    String expected = new JsonObject().put("sessions", list).put("total", sessions.size()).toBuffer().toString(StandardCharsets.UTF_8);

    assertThat(SessionListJson.encode(sessions).toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(SessionListJson.encode(List.of()).toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"sessions\":[],\"total\":0}");
  }
}
