package dev.streamgate.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, byte for byte as the test writes it: for requests no well-behaved client
 * library would send (unknown methods, oversized or malformed headers, invalid UTF-8, dot segments left
 * in the path). One request per connection ({@code Connection: close}); the answer is read to the end.
 */
public final class RawHttp {

  /** A response: status, headers (names lower-cased, last value wins) and the de-chunked body. */
  public record Response(int status, Map<String, String> headers, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp() {
  }

  /** {@code method path} with the given extra header lines (each without CRLF) and body bytes (may be null). */
  public static Response send(int port, String method, String path, String[] headers, byte[] body) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\nConnection: close\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      request.writeBytes(body);
    }
    return exchange(port, request.toByteArray());
  }

  /** Writes {@code request} as is and reads the answer until the server closes the connection. */
  public static Response exchange(int port, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(20_000);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (SocketException closedEarly) {
        // the server may answer and close before it has read all of an oversized request
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // a reset after the answer still leaves the answer
    }
    return all.toByteArray();
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1); // one char per byte: indexes are byte offsets
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete HTTP response: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      int at = end + 4;
      while (at < raw.length) {
        int lineEnd = text.indexOf("\r\n", at);
        int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
        if (size == 0) {
          break;
        }
        body.write(raw, lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
      }
    } else {
      body.write(raw, end + 4, raw.length - end - 4);
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }
}
