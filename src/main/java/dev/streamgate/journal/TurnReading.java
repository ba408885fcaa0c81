package dev.streamgate.journal;

import io.vertx.core.json.JsonObject;

/**
 * A turn found for a reader that resumes it (or reads it from its start): from this node's journal, or
 * through the node that keeps it. Used on the reader's event loop.
 */
public interface TurnReading {

  /** What the turn's stream said before its first delta (see {@link TurnJournal}). */
  JsonObject opening();

  /** True when nothing is left after the reader's place: the turn ended by then. */
  boolean ended();

  /** Offers {@code reader} the turn's entries after the reader's place, then the rest as they come. */
  void follow(JournalReader reader);

  /** The reader has gone before the turn's end. */
  void leave(JournalReader reader);

  /** A turn read from this node's journal. */
  static TurnReading local(TurnJournal journal, int afterSeq) {
    return new TurnReading() {
      @Override
      public JsonObject opening() {
        return journal.opening();
      }

      @Override
      public boolean ended() {
        return journal.endsBy(afterSeq);
      }

      @Override
      public void follow(JournalReader reader) {
        journal.follow(reader, afterSeq);
      }

      @Override
      public void leave(JournalReader reader) {
        journal.unfollow(reader, System.nanoTime());
      }
    };
  }
}
