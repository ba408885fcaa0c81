package dev.streamgate.journal;

import dev.streamgate.bus.JournalEntry;
import java.util.List;
import java.util.function.Supplier;

/**
 * Someone reading turns: an open event stream. {@link #offer} may be called from any thread, with a
 * journal's lock held, so it must only hand the entries over (to the reader's own event loop, or write
 * them at once when called on it) and return; entries of one turn are offered in order, each exactly
 * once, whether they come from this node's journal or another node's.
 */
public interface JournalReader {

  /**
   * Entries of turn {@code turnId}. {@code answerBefore} gives the text of the turn's deltas before the
   * first of them; {@code delivered} is to run once the reader has written the turn's last entry to its
   * client (a channel's later streams need not be given that turn again).
   */
  void offer(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore, Runnable delivered);

  /**
   * The entries cannot go on (a gap, or the node that sent them left the cluster): cut the stream as a
   * broken connection would, so its client reconnects with the last event it got.
   */
  default void cut() {
  }
}
