package dev.streamgate.dialect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The numbering of a response's stream events: each event gets the next {@code sequence_number} from 0,
 * written or not, so the numbers are the same each time the turn's journal is read from its start, and a
 * stream that resumes after {@code N} ({@code starting_after}) is written the events after it only.
 */
final class ResponsesEvents {

  private final boolean stream;
  private final long after;
  private long sequence = -1;

  /** {@code after}: the last sequence number the client has (-1: none). */
  ResponsesEvents(boolean stream, long after) {
    this.stream = stream;
    this.after = after;
  }

  /** Numbers the event, and writes it to {@code out} when the client does not have it yet. */
  void write(Buffer out, String type, JsonObject event) {
    sequence++;
    if (stream && sequence > after) {
      out.appendBuffer(SseWriter.named(type, new JsonObject().put("type", type).put("sequence_number", sequence)
          .mergeIn(event)));
    }
  }
}
