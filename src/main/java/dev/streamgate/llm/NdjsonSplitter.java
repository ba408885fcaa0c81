package dev.streamgate.llm;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental splitter of newline-delimited JSON (Ollama's native streaming format): one JSON document
 * per line, LF or CRLF, blank lines skipped, a last line without a line end still counted at the end
 * of the stream. A network read is scanned in place and each piece of a line copied once; a line is
 * handed over as its bytes, so a line or a multi-byte UTF-8 character split across reads comes out
 * whole. One per stream.
 */
public final class NdjsonSplitter {

  /** Receives each line, {@code line[0..length)} without its line end, valid only during the call. */
  public interface Sink {
    void line(byte[] line, int length);
  }

  private final Sink sink;
  private final int maxLineBytes;
  private byte[] line = new byte[256];
  private int length;

  public NdjsonSplitter(int maxLineBytes, Sink sink) {
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  /** A splitter whose lines come decoded (for callers that keep them). */
  public static NdjsonSplitter decoded(int maxLineBytes, Consumer<String> handler) {
    return new NdjsonSplitter(maxLineBytes, (line, length) ->
        handler.accept(new String(line, 0, length, StandardCharsets.UTF_8)));
  }

  /** Feeds the next bytes; hands over every line they complete. Throws {@link LineTooLongException} when a line exceeds the bound. */
  public void feed(Buffer chunk) {
    int end = chunk.length();
    int at = 0;
    while (at < end) {
      int lineEnd = at;
      while (lineEnd < end && chunk.getByte(lineEnd) != '\n') {
        lineEnd++;
      }
      append(chunk, at, lineEnd);
      if (lineEnd == end) {
        return;
      }
      emit();
      at = lineEnd + 1;
    }
  }

  /** The stream ended: a last line without a line end is still a line. */
  public void end() {
    emit();
  }

  private void append(Buffer chunk, int from, int to) {
    if (to > from) {
      line = LineBytes.append(line, length, chunk, from, to, maxLineBytes, "NDJSON");
      length += to - from;
    }
  }

  private void emit() {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    length = 0;
    if (!blank(end)) {
      sink.line(line, end);
    }
  }

  /** True when the line holds only white space (as {@link String#isBlank} says of ASCII). */
  private boolean blank(int end) {
    for (int i = 0; i < end; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B && (b < 0x1C || b > 0x1F)) {
        return false;
      }
    }
    return true;
  }
}
