package dev.streamgate.dialect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/**
 * Server-Sent Events framing, by hand (Vert.x 5 has no SSE server API). Each event becomes one buffer
 * written at once; there is no batching. Data is split into one {@code data:} line per line (on CRLF,
 * LF or CR, the line ends of the WHATWG parsing rules), so no payload can end an event early or
 * inject a field: a text containing "\n\ndata: x" arrives as the same text, not as a second event.
 */
public final class SseWriter {

  private SseWriter() {
  }

  /**
   * Sets the event-stream headers and sends them at once, so proxies see the stream start before any
   * token: together with {@code firstEvents} in one packet when the caller has events ready, else alone.
   */
  public static void open(HttpServerResponse response, HttpVersion version, Buffer firstEvents) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    if (version != HttpVersion.HTTP_2) {
      response.putHeader("Connection", "keep-alive");
    }
    if (firstEvents == null) {
      response.writeHead();
    } else {
      response.write(firstEvents);
    }
  }

  /** One event: {@code id:}, optional {@code event:} (null for the default "message"), data lines, blank line. */
  public static Buffer event(long id, String type, String data) {
    return event(Long.toString(id), type, data);
  }

  /** The same with an id of the caller's making (an id must not contain a line break). */
  public static Buffer event(String id, String type, String data) {
    StringBuilder frame = new StringBuilder(data.length() + 64).append("id: ").append(id).append('\n');
    if (type != null) {
      frame.append("event: ").append(type).append('\n');
    }
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\n' || c == '\r') {
        frame.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    frame.append("data: ").append(data, start, data.length()).append("\n\n");
    return Buffer.buffer(frame.toString());
  }

  /** An event with only a {@code data:} line holding {@code event} as JSON (which never contains a line break). */
  public static Buffer data(JsonObject event) {
    return Buffer.buffer("data: ").appendBuffer(event.toBuffer()).appendString("\n\n");
  }

  /** The same with an {@code id:} line first. */
  public static Buffer data(String id, JsonObject event) {
    return Buffer.buffer("id: " + id + "\ndata: ").appendBuffer(event.toBuffer()).appendString("\n\n");
  }

  /** An event with an {@code event:} name and a {@code data:} line holding {@code event} as JSON, without id. */
  public static Buffer named(String type, JsonObject event) {
    return Buffer.buffer("event: " + type + "\ndata: ").appendBuffer(event.toBuffer()).appendString("\n\n");
  }

  /** The keep-alive comment sent on idle streams so proxies do not cut them. */
  public static Buffer ping() {
    return Buffer.buffer(": ping\n\n");
  }
}
