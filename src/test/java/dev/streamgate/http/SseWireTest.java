package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** What goes over the socket: event-stream headers sent at once, chunked framing, keep-alive comments. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SseWireTest {

  @Test
  void headersArriveBeforeAnyTokenAndTheBodyIsChunked(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).silence();
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl()));
    try (Socket socket = open(gateway); BufferedReader in = reader(socket)) {
      List<String> head = readHead(in);
      assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head).contains("content-type: text/event-stream; charset=utf-8", "cache-control: no-cache",
          "x-accel-buffering: no", "transfer-encoding: chunked", "connection: keep-alive");
      assertThat(head).noneMatch(h -> h.startsWith("content-length"));
    }
  }

  @Test
  void idleStreamsGetAPingComment(Vertx vertx) throws Exception {
    FakeOpenAi provider = FakeOpenAi.start(vertx).silence();
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "HEARTBEAT_SECONDS", "1"));
    try (Socket socket = open(gateway); BufferedReader in = reader(socket)) {
      readHead(in);
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.equals(": ping"); line = in.readLine()) {
        lines.add(line);
      }
      assertThat(lines).as("lines before the ping").anyMatch(l -> l.contains("\"type\":\"status\""));
    }
  }

  private static Socket open(GatewayUnderTest gateway) throws Exception {
    Socket socket = new Socket("127.0.0.1", gateway.port());
    socket.setSoTimeout(10_000);
    String body = "{\"message\":\"wire\"}";
    OutputStream out = socket.getOutputStream();
    out.write(("POST /chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Accept: text/event-stream\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static BufferedReader reader(Socket socket) throws Exception {
    return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
  }

  private static List<String> readHead(BufferedReader in) throws Exception {
    List<String> head = new ArrayList<>();
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      head.add(head.isEmpty() ? line : line.toLowerCase());
    }
    return head;
  }
}
