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

  private final Consumer<SseEvent> handler;
  private final int maxLineBytes;
  private byte[] line = new byte[512];
  private int length;
  private boolean afterCr;
  private boolean firstLine = true;
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventType = "";
  private String lastEventId = "";

  public SseEventParser(int maxLineBytes, Consumer<SseEvent> handler) {
    this.maxLineBytes = maxLineBytes;
    this.handler = handler;
  }

  /** Feeds the next bytes; dispatches every event they complete. Throws when a line exceeds the bound. */
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
      throw new IllegalStateException("event-stream line longer than " + maxLineBytes + " bytes");
    }
    if (length == line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, length * 2));
    }
    line[length++] = b;
  }

  private void endLine() {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    length = 0;
    if (firstLine) {
      firstLine = false;
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
    }
    if (text.isEmpty()) {
      dispatch();
    } else if (text.charAt(0) != ':') {
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      int start = colon < 0 ? text.length() : colon + 1;
      if (start < text.length() && text.charAt(start) == ' ') {
        start++;
      }
      field(field, text.substring(start));
    }
  }

  private void field(String name, String value) {
    switch (name) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> eventType = value;
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      default -> {
        // "retry" only matters to a reconnecting client; unknown fields are ignored by the spec.
      }
    }
  }

  private void dispatch() {
    if (hasData) {
      handler.accept(new SseEvent(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId));
    }
    data.setLength(0);
    hasData = false;
    eventType = "";
  }
}
