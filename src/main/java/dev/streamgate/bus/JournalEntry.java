package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One event of a turn as its journal keeps it: a delta of the answer, or the turn's end. {@code seq}
 * numbers the entries of a turn from 1; with the turn id it is the SSE event id a reconnecting client
 * sends back as {@code Last-Event-ID}. Every wire format writes its events from these entries, whether
 * it streams the turn live, to a client that resumed, or to a stream that joined late.
 *
 * <p>The end's JSON: {@code DONE} {@code {turn_id, session_id, text, chunks, processing_time,
 * message_count, stored, store_error, finish_reason, usage, provider, model}}; {@code ERROR}
 * {@code {turn_id, session_id, error: {code, message}}}.
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
