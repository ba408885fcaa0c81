package dev.streamgate.dialect;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The event channel of seed 000 ({@code GET /events}): the page clears and reprints on every
 * {@code message} event, so each carries the answer so far as plain text (reasoning comes apart, as
 * {@code reasoning} events of each delta, which that page does not listen for); the end is one {@code done}
 * event with JSON (the turn's figures, or its {@code error}).
 */
public final class LiveAnswerFormat implements JournalFormat {

  private final Map<String, StringBuilder> answers = new HashMap<>();

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    // A turn read from its middle: its first message must still hold the whole answer so far.
    StringBuilder answer = answers.computeIfAbsent(turnId,
        id -> new StringBuilder(entries.get(0).seq() > 1 ? answerBefore.get() : ""));
    Buffer events = Buffer.buffer();
    int lastDelta = 0;
    for (JournalEntry entry : entries) {
      if (entry.last()) {
        events.appendBuffer(message(turnId, lastDelta, answer));
        lastDelta = 0;
        answers.remove(turnId);
        events.appendBuffer(SseWriter.event(EventId.format(turnId, entry.seq()), "done", entry.end().encode()));
      } else if (entry.answerText()) {
        answer.append(entry.text());
        lastDelta = entry.seq();
      } else if (entry.delta().kind() == Delta.Kind.REASONING && entry.delta().choice() == 0) {
        events.appendBuffer(SseWriter.event(EventId.format(turnId, entry.seq()), "reasoning", entry.text()));
      } // one answer of text: a tool call shows in the end's finish reason
    }
    return events.appendBuffer(message(turnId, lastDelta, answer));
  }

  /** One message for deltas that came together (none when there were none): the page shows the last only. */
  private static Buffer message(String turnId, int lastDelta, StringBuilder answer) {
    return lastDelta == 0 ? Buffer.buffer() : SseWriter.event(EventId.format(turnId, lastDelta), "message", answer.toString());
  }
}
