package dev.streamgate.llm;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Incremental splitter of newline-delimited JSON (Ollama's native streaming format): one JSON document
 * per line, LF or CRLF, blank lines skipped, a last line without a line end still counted at the end
 * of the stream. Bytes are kept until a line is complete and only then decoded, so a line or a
 * multi-byte UTF-8 character split across network reads comes out whole. One per stream.
 */
public final class NdjsonSplitter {

  private final Consumer<String> handler;
  private final int maxLineBytes;
  private byte[] line = new byte[512];
  private int length;

  public NdjsonSplitter(int maxLineBytes, Consumer<String> handler) {
    this.maxLineBytes = maxLineBytes;
    this.handler = handler;
  }

  /** Feeds the next bytes; hands over every line they complete. Throws {@link LineTooLongException} when a line exceeds the bound. */
  public void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    for (byte b : bytes) {
      if (b == '\n') {
        emit();
      } else {
        if (length >= maxLineBytes) {
          throw new LineTooLongException("NDJSON", maxLineBytes);
        }
        if (length == line.length) {
          line = Arrays.copyOf(line, Math.min(maxLineBytes, length * 2));
        }
        line[length++] = b;
      }
    }
  }

  /** The stream ended: a last line without a line end is still a line. */
  public void end() {
    emit();
  }

  private void emit() {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    length = 0;
    String text = new String(line, 0, end, StandardCharsets.UTF_8);
    if (!text.isBlank()) {
      handler.accept(text);
    }
  }
}
