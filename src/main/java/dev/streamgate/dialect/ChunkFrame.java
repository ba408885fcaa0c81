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

  /** Appends the event to {@code frames}, which may already hold earlier events of the same write. */
  public static Buffer append(Buffer frames, long eventId, String text, int chunkNumber) {
    return frames.appendBytes(ID).appendString(Long.toString(eventId))
        .appendBytes(DATA).appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text))
        .appendBytes(NUMBER).appendString(Integer.toString(chunkNumber))
        .appendBytes(END);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
