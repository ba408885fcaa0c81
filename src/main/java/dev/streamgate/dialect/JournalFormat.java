package dev.streamgate.dialect;

import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * How one client wire format writes a turn, from the entries of its journal: the one writer of that
 * format, for the client that asked (the journal's first reader), a client that resumes and a stream
 * that joins late alike. One instance per reading stream, called on its event loop, with the entries
 * of a turn in order, each once. Every event of a format that can be resumed carries the id of its
 * last entry ({@link EventId}, or the native API's numbers).
 */
public interface JournalFormat {

  /** The answer is an event stream (headers at once, events as entries come); false: one JSON body at the end. */
  default boolean streams() {
    return true;
  }

  /** The events a stream starts with, sent with its headers before any entry; null for none. */
  default Buffer opening() {
    return null;
  }

  /**
   * The events for {@code entries} (the turn's last among them, possibly); a format that does not
   * stream is given them too, to assemble its answer, and returns nothing. {@code answerBefore} gives
   * the text of the turn's deltas before the first of them, for a format that repeats the answer so far
   * when a stream reads a turn from its middle (a reconnection, or a stream of a channel opened late);
   * only such a format calls it.
   */
  Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore);

  /** A keep-alive for a quiet stream; null when this format sends none. */
  default Buffer ping() {
    return SseWriter.ping();
  }

  /** Not streaming: the answer, once the turn's {@code last} entry has been given to {@link #entries}. */
  default Answer answer(JournalEntry last) {
    throw new UnsupportedOperationException("an event stream has no answer in one piece");
  }

  /** A whole answer: its HTTP status and JSON body. */
  record Answer(int status, JsonObject body) {
  }
}
