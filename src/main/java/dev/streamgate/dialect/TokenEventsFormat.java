package dev.streamgate.dialect;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The stream of seed 002 ({@code EventSource('/api/streaming')}): a {@code newToken} event per delta,
 * its data the token as plain text ({@code reasoning} events for reasoning, which that page does not
 * listen for), then one {@code end} event with JSON (the turn's figures, or its
 * {@code error}), after which that page closes the stream.
 */
public final class TokenEventsFormat implements JournalFormat {

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(64 * entries.size());
    for (JournalEntry entry : entries) {
      String id = EventId.format(turnId, entry.seq());
      if (entry.last()) {
        events.appendBuffer(SseWriter.event(id, "end", entry.end().encode()));
      } else if (entry.answerText()) {
        events.appendBuffer(SseWriter.event(id, "newToken", entry.text()));
      } else if (entry.delta().kind() == Delta.Kind.REASONING && entry.delta().choice() == 0) {
        events.appendBuffer(SseWriter.event(id, "reasoning", entry.text()));
      } // one answer of text: a tool call shows in the end's finish reason
    }
    return events;
  }
}
