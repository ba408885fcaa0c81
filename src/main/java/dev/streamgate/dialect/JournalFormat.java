package dev.streamgate.dialect;

import dev.streamgate.channel.JournalEntry;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a dialect whose answers come through an event channel writes a turn's journal entries: one
 * instance per open stream, called on its event loop with the entries of a turn in order, each once.
 * Every event carries the id {@code <turn id>:<seq>} of its last entry, for {@code Last-Event-ID}.
 */
public interface JournalFormat {

  /**
   * The events for {@code entries}. {@code answerBefore} gives the text of the turn's deltas before the
   * first of them, for a format that repeats the answer so far when a stream reads a turn from its middle
   * (a reconnection, or a stream of a channel opened late); only such a format calls it.
   */
  Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore);
}
