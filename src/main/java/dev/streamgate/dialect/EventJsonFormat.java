package dev.streamgate.dialect;

import dev.streamgate.channel.EventId;
import dev.streamgate.channel.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answer stream of seed 001 ({@code GET /events?message=…}): default {@code message} events whose
 * data is JSON with the {@code event} and {@code data} fields that seed's client reads:
 * {@code {"event":"token","data":"…"}} per delta, then {@code {"event":"done","data":{…figures}}} or
 * {@code {"event":"error","data":"…","code":"…"}}; the server then closes.
 */
public final class EventJsonFormat implements JournalFormat {

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(64 * entries.size());
    entries.forEach(entry -> events.appendBuffer(SseWriter.data(EventId.format(turnId, entry.seq()), event(entry))));
    return events;
  }

  private static JsonObject event(JournalEntry entry) {
    return switch (entry.kind()) {
      case DELTA -> new JsonObject().put("event", "token").put("data", entry.text());
      case DONE -> new JsonObject().put("event", "done").put("data", entry.end());
      case ERROR -> new JsonObject().put("event", "error").put("data", entry.end().getJsonObject("error").getString("message"))
          .put("code", entry.end().getJsonObject("error").getString("code"));
    };
  }
}
