package dev.streamgate.llm;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/** The one way a provider-stream scanner adds a piece of a network read to the line it is building. */
final class LineBytes {

  private LineBytes() {
  }

  /**
   * {@code line[0..length)} followed by {@code chunk[from, to)}: the same array, or a larger copy when
   * it is full (never beyond {@code maxLineBytes}). Throws {@link LineTooLongException}, naming
   * {@code format}, when the line would pass that bound.
   */
  static byte[] append(byte[] line, int length, Buffer chunk, int from, int to, int maxLineBytes, String format) {
    int count = to - from;
    if (length + count > maxLineBytes) {
      throw new LineTooLongException(format, maxLineBytes);
    }
    byte[] into = length + count > line.length
        ? Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count))) : line;
    chunk.getBytes(from, to, into, length);
    return into;
  }
}
