package dev.streamgate.client;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The events of a {@code text/event-stream}, read line by line as they arrive, each {@code data} payload
 * parsed as the JSON object the native API sends. Framing follows the WHATWG rules: {@code data:}
 * lines of one event are joined with newlines, a blank line dispatches it, comments ({@code : ping})
 * and other fields are skipped, and an event cut off by the end of the stream is dropped
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 */
final class SseReader implements Closeable {

  private final BufferedReader lines;

  SseReader(InputStream in) {
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The next event, blocking until it is complete; null when the stream has ended. */
  JsonObject next() throws IOException {
    StringBuilder data = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          return new JsonObject(data.toString());
        }
      } else if (line.equals("data") || line.startsWith("data:")) {
        String value = line.length() <= 5 ? "" : line.substring(line.charAt(5) == ' ' ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
