package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One event of a turn as its journal keeps it: a typed delta ({@link Delta}), or the turn's end. {@code seq}
 * numbers the entries of a turn from 1; with the turn id it is the SSE event id a reconnecting client
 * sends back as {@code Last-Event-ID}. Every wire format writes its events from these entries, whether
 * it streams the turn live, to a client that resumed, or to a stream that joined late.
 *
 * <p>The end's JSON: {@code DONE} {@code {turn_id, session_id, text (the first answer's), chunks (its
 * text deltas), tool_calls (its calls, as OpenAI writes them; absent when none), processing_time,
 * message_count, stored, store_error, finish_reason, usage, provider, model}}; {@code ERROR}
 * {@code {turn_id, session_id, error: {code, message}}}.
 */
public record JournalEntry(int seq, Kind kind, Delta delta, JsonObject end) {

  public enum Kind { DELTA, DONE, ERROR }

  public static JournalEntry delta(int seq, Delta delta) {
    return new JournalEntry(seq, Kind.DELTA, delta, null);
  }

  /** A delta entry's text (answer text, reasoning, an argument fragment, a finish reason); null for an end. */
  public String text() {
    return delta == null ? null : delta.text();
  }

  /** True for a delta of the first answer's text, what the text-only dialects show. */
  public boolean answerText() {
    return delta != null && delta.isAnswerText();
  }

  public static JournalEntry ending(int seq, Kind kind, JsonObject end) {
    return new JournalEntry(seq, kind, null, end);
  }

  public boolean last() {
    return kind != Kind.DELTA;
  }
}
