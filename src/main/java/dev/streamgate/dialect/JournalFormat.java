package dev.streamgate.dialect;

import dev.streamgate.channel.JournalEntry;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * How a dialect whose answers come through an event channel writes a turn's journal entries: one
 * instance per open stream, called on its event loop with the entries of a turn in order, each once.
 * Every event carries the id {@code <turn id>:<seq>} of its last entry, for {@code Last-Event-ID}.
 */
public interface JournalFormat {

  Buffer entries(String turnId, List<JournalEntry> entries);
}
