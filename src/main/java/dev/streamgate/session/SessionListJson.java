package dev.streamgate.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code GET /sessions}' body, {@code {"sessions":[summary…],"total":n}} with each summary as
 * {@link SessionSummary#toJson} writes it (a page's with {@code has_more} and {@code next} after),
 * streamed into one buffer sized for it up front. A node may list hundreds of thousands of sessions: made
 * as JSON objects and then encoded, each took about 550 bytes of garbage on top of its 185 bytes of JSON,
 * and the growing buffer was copied at each doubling; the young collections that followed copied all of
 * it while it was still being built.
 */
final class SessionListJson {

  private static final JsonFactory JSON = new JsonFactory();
  /** A summary's JSON is about 185 bytes: a little more, so the buffer rarely grows. */
  private static final int BYTES_PER_SESSION = 200;

  private SessionListJson() {
  }

  static Buffer encode(List<SessionSummary> sessions) {
    return encode(sessions, sessions.size(), null);
  }

  /** A page: whether more follow it, and {@code next}, where they start (null on the last page). */
  static Buffer encode(SessionPage page) {
    return encode(page.sessions(), page.total(), page);
  }

  private static Buffer encode(List<SessionSummary> sessions, long total, SessionPage page) {
    Buffer bytes = Buffer.buffer(64 + sessions.size() * BYTES_PER_SESSION);
    Times times = new Times();
    try (JsonGenerator json = JSON.createGenerator(new Appending(bytes))) {
      json.writeStartObject();
      json.writeArrayFieldStart("sessions");
      for (SessionSummary session : sessions) {
        json.writeStartObject();
        json.writeStringField("session_id", session.id());
        json.writeStringField("model", session.model());
        json.writeFieldName("created_at");
        times.write(json, session.createdAt());
        json.writeFieldName("updated_at");
        times.write(json, session.updatedAt());
        json.writeNumberField("message_count", session.messageCount());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("total", total);
      if (page != null) {
        json.writeBooleanField("has_more", page.more());
        json.writeStringField("next", page.next() == null ? null : page.next().encode());
      }
      json.writeEndObject();
    } catch (IOException cannot) { // writing to memory: only a bug gets here
      throw new UncheckedIOException(cannot);
    }
    return bytes;
  }

  /** Jackson's output, appended to a buffer (Jackson hands over its own buffer's bytes in runs). */
  private static final class Appending extends OutputStream {

    private final Buffer buffer;

    Appending(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }

  /** Writes instants as {@link Instant#toString} does, through one reused builder and array: no string each. */
  private static final class Times {

    private final StringBuilder text = new StringBuilder(32);
    private final char[] chars = new char[64];

    void write(JsonGenerator json, Instant instant) throws IOException {
      text.setLength(0);
      DateTimeFormatter.ISO_INSTANT.formatTo(instant, text);
      text.getChars(0, text.length(), chars, 0);
      json.writeString(chars, 0, text.length());
    }
  }
}
