package dev.streamgate.dialect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The native {@code chunk} event, encoded straight to bytes: it is written once per token, so it skips
 * the JSON tree and the generic framing of {@link SseWriter}. The bytes are exactly what
 * {@code SseWriter.event(id, null, {"type":"chunk","text":…,"chunk_number":…,"is_final":false})}
 * produces; JSON escaping leaves no line break in the data, so one {@code data:} line is always right.
 */
public final class ChunkFrame {

  private static final byte[] ID = ascii("id: ");
  private static final byte[] DATA = ascii("\ndata: {\"type\":\"chunk\",\"text\":\"");
  private static final byte[] NUMBER = ascii("\",\"chunk_number\":");
  private static final byte[] END = ascii(",\"is_final\":false}\n\n");

  private ChunkFrame() {
  }

  public static Buffer encode(long eventId, String text, int chunkNumber) {
    return append(Buffer.buffer(text.length() + 96), eventId, text, chunkNumber);
  }

  /**
   * Appends the event to {@code frames}, which may already hold earlier events of the same write. The
   * text is encoded straight into the frame when JSON needs no escape in it (most tokens), else quoted
   * by Jackson; the numbers are written as digits, with no string made of them.
   */
  public static Buffer append(Buffer frames, long eventId, String text, int chunkNumber) {
    appendDigits(frames.appendBytes(ID), eventId).appendBytes(DATA);
    if (plain(text)) {
      frames.appendString(text);
    } else {
      frames.appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text));
    }
    return appendDigits(frames.appendBytes(NUMBER), chunkNumber).appendBytes(END);
  }

  /** True when {@code text} is the same inside a JSON string: no quote, backslash or control character. */
  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** Appends {@code value}, not negative, in decimal. */
  private static Buffer appendDigits(Buffer frames, long value) {
    if (value < 10) {
      return frames.appendByte((byte) ('0' + value));
    }
    long divisor = 1;
    while (value / divisor >= 10) {
      divisor *= 10;
    }
    for (; divisor > 0; divisor /= 10) {
      frames.appendByte((byte) ('0' + value / divisor % 10));
    }
    return frames;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
