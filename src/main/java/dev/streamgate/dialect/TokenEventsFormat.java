package dev.streamgate.dialect;

import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The stream of seed 002 ({@code EventSource('/api/streaming')}): a {@code newToken} event per delta,
 * its data the token as plain text, then one {@code end} event with JSON (the turn's figures, or its
 * {@code error}), after which that page closes the stream.
 */
public final class TokenEventsFormat implements JournalFormat {

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(64 * entries.size());
    entries.forEach(entry -> events.appendBuffer(entry.last()
        ? SseWriter.event(EventId.format(turnId, entry.seq()), "end", entry.end().encode())
        : SseWriter.event(EventId.format(turnId, entry.seq()), "newToken", entry.text())));
    return events;
  }
}
