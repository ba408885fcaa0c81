package dev.streamgate.channel;

import java.util.List;

/**
 * Someone reading turns: an open event stream. {@link #offer} is called with the journal's lock held,
 * from any thread, so it must only hand the entries over (to the reader's own event loop) and return;
 * entries of one turn are offered in order, each exactly once.
 */
public interface JournalReader {

  void offer(TurnJournal journal, List<JournalEntry> entries);
}
