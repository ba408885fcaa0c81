package dev.streamgate.llm;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental parser of a {@code text/event-stream}, following the WHATWG rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 * lines end in CRLF, LF or CR; a leading BOM is dropped; {@code :} lines are comments; {@code data:}
 * lines join with LF; one space after the colon is dropped; a blank line dispatches; an event with no
 * data is not dispatched; an unfinished event at the end of the stream is discarded.
 *
 * <p>Bytes are collected until a line is complete and only then decoded, so a line or a multi-byte
 * UTF-8 character split across network reads is reassembled exactly. Not thread-safe: one parser per
 * stream, fed from one context.
 */
public final class SseEventParser {

  private static final byte[] DATA = bytes("data");
  private static final byte[] EVENT = bytes("event");
  private static final byte[] ID = bytes("id");

  private final Consumer<SseEvent> handler;
  private final int maxLineBytes;
  private byte[] line = new byte[512];
  private int length;
  private boolean afterCr;
  private boolean firstLine = true;
  /** The first data line; most events have only one, which then needs no copying. */
  private String single;
  /** Further data lines, each preceded by LF. */
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventType = "";
  private String lastEventId = "";

  public SseEventParser(int maxLineBytes, Consumer<SseEvent> handler) {
    this.maxLineBytes = maxLineBytes;
    this.handler = handler;
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** Feeds the next bytes; dispatches every event they complete. Throws {@link LineTooLongException} when a line exceeds the bound. */
  public void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    for (byte b : bytes) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        afterCr = b == '\r';
        endLine();
      } else {
        append(b);
      }
    }
  }

  private void append(byte b) {
    if (length >= maxLineBytes) {
      throw new LineTooLongException("event-stream", maxLineBytes);
    }
    if (length == line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, length * 2));
    }
    line[length++] = b;
  }

  /** Handles one complete line; only the field value is decoded, the field name is compared as bytes. */
  private void endLine() {
    int from = 0;
    if (firstLine) {
      firstLine = false;
      if (length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
        from = 3;
      }
    }
    int end = length;
    length = 0;
    if (from == end) {
      dispatch();
      return;
    }
    if (line[from] == ':') {
      return;
    }
    int colon = from;
    while (colon < end && line[colon] != ':') {
      colon++;
    }
    int value = colon + 1;
    if (value < end && line[value] == ' ') {
      value++;
    }
    field(from, colon, value < end ? new String(line, value, end - value, StandardCharsets.UTF_8) : "");
  }

  private boolean nameIs(byte[] name, int from, int to) {
    return Arrays.equals(line, from, to, name, 0, name.length);
  }

  private void field(int nameFrom, int nameTo, String value) {
    if (nameIs(DATA, nameFrom, nameTo)) {
      if (hasData) {
        data.append('\n').append(value);
      } else {
        single = value;
        hasData = true;
      }
    } else if (nameIs(EVENT, nameFrom, nameTo)) {
      eventType = value;
    } else if (nameIs(ID, nameFrom, nameTo) && value.indexOf('\0') < 0) {
      lastEventId = value;
    }
    // "retry" only matters to a reconnecting client; unknown fields are ignored by the spec.
  }

  private void dispatch() {
    if (hasData) {
      String payload = data.length() == 0 ? single : data.insert(0, single).toString();
      handler.accept(new SseEvent(eventType.isEmpty() ? "message" : eventType, payload, lastEventId));
    }
    data.setLength(0);
    single = null;
    hasData = false;
    eventType = "";
  }
}
