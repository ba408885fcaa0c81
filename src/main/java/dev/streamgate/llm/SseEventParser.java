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
 * <p>It works on bytes: a network read is scanned in place for line ends and each piece of a line
 * copied once into the line buffer; field names are compared as bytes, and an event's data is handed
 * over as the bytes of its {@code data:} lines, joined by LF, undecoded. So a line or a multi-byte
 * UTF-8 character split across reads is reassembled exactly, and a reader that parses JSON from bytes
 * never makes a {@code String} of it. The line and data buffers are the feeding thread's while a read
 * is handled; a parser keeps buffers of its own only for what a read leaves unfinished (a line or an
 * event cut by the read's end), so the many streams waiting between reads hold none. Not thread-safe:
 * one parser per stream, fed from one context.
 */
public final class SseEventParser {

  /** Receives each dispatched event; {@code data[0..length)} is the parser's, valid only during the call. */
  public interface Sink {
    void event(String type, byte[] data, int length, String lastEventId);
  }

  private static final byte[] DATA = bytes("data");
  private static final byte[] EVENT = bytes("event");
  private static final byte[] ID = bytes("id");

  /** The buffers of the thread feeding a parser, lent to it while it handles a read. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** A thread's line and data buffers; {@code lent} while a parser uses them (a parser fed from its sink gets its own). */
  private static final class Scratch {
    byte[] line = new byte[1024];
    byte[] data = new byte[1024];
    boolean lent;
  }

  private final Sink sink;
  private final int maxLineBytes;
  /** The line so far: during a read the thread's buffer (or its own); between reads only an unfinished line, else null. */
  private byte[] line;
  private int length;
  private boolean afterCr;
  private boolean firstLine = true;
  /** The data lines of the event so far, joined by LF; as {@link #line}, lent during a read, kept only when unfinished. */
  private byte[] data;
  private int dataLength;
  private boolean hasData;
  private String eventType = "";
  private String lastEventId = "";

  public SseEventParser(int maxLineBytes, Sink sink) {
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  /** A parser whose events come decoded, as {@link SseEvent}s (for callers that keep them). */
  public static SseEventParser decoded(int maxLineBytes, Consumer<SseEvent> handler) {
    return new SseEventParser(maxLineBytes, (type, data, length, id) ->
        handler.accept(new SseEvent(type, new String(data, 0, length, StandardCharsets.UTF_8), id)));
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** Feeds the next bytes; dispatches every event they complete. Throws {@link LineTooLongException} when a line exceeds the bound. */
  public void feed(Buffer chunk) {
    Scratch scratch = SCRATCH.get();
    if (scratch.lent) {
      scratch = new Scratch(); // fed from within another parser's event: that one's buffers are in use
    }
    scratch.lent = true;
    line = line == null ? scratch.line : line;
    data = data == null ? scratch.data : data;
    try {
      scan(chunk);
    } finally {
      line = keep(scratch.line, line, length);
      data = keep(scratch.data, data, dataLength);
      scratch.lent = false;
    }
  }

  /**
   * What the parser keeps of a buffer after a read: nothing when nothing in it is unfinished; else its
   * own buffer as it is (kept from an earlier read, or grown during this one), or the unfinished part of
   * the thread's, copied (no longer than this read, so a long line costs its length once).
   */
  private static byte[] keep(byte[] threads, byte[] buffer, int used) {
    if (used == 0) {
      return null;
    }
    return buffer == threads ? Arrays.copyOf(buffer, used) : buffer;
  }

  private void scan(Buffer chunk) {
    int end = chunk.length();
    int at = 0;
    while (at < end) {
      if (afterCr) {
        afterCr = false;
        if (chunk.getByte(at) == '\n') {
          at++;
          continue;
        }
      }
      int lineEnd = at;
      byte b = 0;
      while (lineEnd < end && (b = chunk.getByte(lineEnd)) != '\n' && b != '\r') {
        lineEnd++;
      }
      append(chunk, at, lineEnd);
      if (lineEnd == end) {
        return;
      }
      afterCr = b == '\r';
      endLine();
      at = lineEnd + 1;
    }
  }

  /** Copies {@code chunk[from, to)} onto the line so far. */
  private void append(Buffer chunk, int from, int to) {
    if (to > from) {
      line = LineBytes.append(line, length, chunk, from, to, maxLineBytes, "event-stream");
      length += to - from;
    }
  }

  /** Handles one complete line; the field name is compared as bytes, only an event's type and id are decoded. */
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
    value = Math.min(value, end);
    if (nameIs(DATA, from, colon)) {
      addData(value, end);
    } else if (nameIs(EVENT, from, colon)) {
      eventType = text(value, end);
    } else if (nameIs(ID, from, colon)) {
      String id = text(value, end);
      if (id.indexOf('\0') < 0) {
        lastEventId = id;
      }
    }
    // "retry" only matters to a reconnecting client; unknown fields are ignored by the spec.
  }

  private boolean nameIs(byte[] name, int from, int to) {
    return Arrays.equals(line, from, to, name, 0, name.length);
  }

  private String text(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  /** Adds the data line {@code line[from, to)}: after an LF when the event already has data. */
  private void addData(int from, int to) {
    int needed = dataLength + (hasData ? 1 : 0) + to - from;
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
    }
    if (hasData) {
      data[dataLength++] = '\n';
    }
    System.arraycopy(line, from, data, dataLength, to - from);
    dataLength += to - from;
    hasData = true;
  }

  private void dispatch() {
    if (hasData) {
      sink.event(eventType.isEmpty() ? "message" : eventType, data, dataLength, lastEventId);
    }
    dataLength = 0;
    hasData = false;
    eventType = "";
  }
}
