package dev.streamgate.channel;

import io.vertx.core.json.JsonObject;

/**
 * One event of a turn as kept in its {@link TurnJournal}: a delta of the answer, or the turn's end
 * (done or error, with its JSON). {@code seq} numbers the entries of a turn from 1; with the turn id it
 * is the SSE event id a reconnecting client sends back as {@code Last-Event-ID}.
 */
public record JournalEntry(int seq, Kind kind, String text, JsonObject end) {

  public enum Kind { DELTA, DONE, ERROR }

  public static JournalEntry delta(int seq, String text) {
    return new JournalEntry(seq, Kind.DELTA, text, null);
  }

  public static JournalEntry ending(int seq, Kind kind, JsonObject end) {
    return new JournalEntry(seq, kind, null, end);
  }

  public boolean last() {
    return kind != Kind.DELTA;
  }
}
