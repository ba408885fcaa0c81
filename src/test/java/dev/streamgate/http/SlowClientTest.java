package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.streamgate.support.Eventually;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.turn.SlowReader;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A client that sends its request and then never reads (a raw socket with a small receive buffer), while
 * a fast provider streams a long answer: the node notices its response's write queue staying full,
 * drops the connection within the configured bound, and ends the turn the way it ends one whose client
 * went away (upstream call cancelled, partial reply stored as interrupted).
 *
 * <p>Memory: a node that kept reading the provider for such a client would hold the whole unread answer.
 * What is asserted is that the node stopped reading: the provider (which honours its own back-pressure)
 * could write only what the sockets' kernel buffers hold (up to tens of MiB on loopback, where the
 * receive buffer autotunes up to {@code tcp_rmem}'s maximum) of the 1 GiB it offered, and the JVM's
 * heap after a full collection grew by far less than that: by the partial reply the node keeps (the
 * turn's text, its resume journal and the stored reply), not by the answer.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientTest {

  private static final long SLOW_CLIENT_MS = 1000;
  private static final long SWEEP_MS = 1000;
  private static final long OFFERED_BYTES = 1L << 30;

  private final Logger streamLog = (Logger) LoggerFactory.getLogger("streamgate.stream");
  private final Logger dropLog = (Logger) LoggerFactory.getLogger(SlowReader.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    streamLog.addAppender(logs);
    dropLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    streamLog.detachAppender(logs);
    dropLog.detachAppender(logs);
  }

  @Test
  void aClientThatStopsReadingIsDroppedWithinTheBoundAndItsTurnEndsAsClientGone(Vertx vertx) throws Exception {
    FastProvider provider = FastProvider.start(vertx, OFFERED_BYTES);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "SLOW_CLIENT_MS", Long.toString(SLOW_CLIENT_MS), "SLOW_CLIENT_BYTES", "0",
        "GRACE_SECONDS", "0"));
    long heapBefore = usedHeapAfterGc();
    long sentAt = System.nanoTime();

    try (Socket client = stalledClient(gateway, "POST", "/chat/stream", "{\"message\":\"tell me everything\"}")) {
      long closedAt = provider.awaitClosed();
      assertThat(provider.firstFullAt.get()).as("the node stopped reading the provider").isPositive();
      assertThat(TimeUnit.NANOSECONDS.toMillis(closedAt - sentAt)).as("ms from the request to the drop")
          .isBetween(SLOW_CLIENT_MS, SLOW_CLIENT_MS + SWEEP_MS + 5000);
      assertThat(provider.written.get()).as("bytes the provider could write of the 1 GiB it offered")
          .isLessThan(96L << 20);
      assertThat(connectionEnds(client)).as("the client's connection was closed by the node").isTrue();

      awaitLog("status=CLIENT_GONE");
      // The node's own measure, from the moment its write queue was found full: the bound, one sweep, timer slack.
      assertThat(fullMillisAtDrop()).isBetween(SLOW_CLIENT_MS, SLOW_CLIENT_MS + SWEEP_MS + 1000);
      JsonObject reply = ClientDisconnectTest.awaitMessages(gateway, onlySessionId(gateway), 2).getJsonObject(1);
      assertThat(reply.getBoolean("interrupted")).isTrue();
      assertThat(reply.getString("content")).startsWith("word0 ");
      assertThat(Http.get(gateway.url("/health")).json().getInteger("active_streams")).isZero();

      long grown = usedHeapAfterGc() - heapBefore;
      assertThat(grown).as("heap growth, bytes (offered %d, provider wrote %d)", OFFERED_BYTES, provider.written.get())
          .isLessThan(128L << 20);
    }
  }

  @Test
  void anEventChannelReaderThatStopsReadingIsDroppedOnceTooMuchWaitsForIt(Vertx vertx) throws Exception {
    // A journal does not wait for its readers (a channel's other streams may read on), so here the bytes bound
    // drops the reader; with nobody reading, the turn is then cancelled as abandoned.
    FastProvider provider = FastProvider.start(vertx, OFFERED_BYTES);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "SLOW_CLIENT_BYTES", Integer.toString(1 << 20),
        "SLOW_CLIENT_MS", "60000", "GRACE_SECONDS", "0"));

    try (Socket client = stalledClient(gateway, "GET", "/events?message=everything", null)) {
      awaitLog("status=CLIENT_GONE");
      assertThat(messages()).anySatisfy(line -> assertThat(line).startsWith("dropped a client that stopped reading"));
      assertThat(connectionEnds(client)).isTrue();
      provider.awaitClosed();
      assertThat(Http.get(gateway.url("/health")).json().getInteger("active_streams")).isZero();
    }
  }

  /** Sends a request on a socket with a small receive buffer and never reads from it. */
  private static Socket stalledClient(GatewayUnderTest gateway, String method, String path, String body)
      throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n") + "\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(content);
    socket.getOutputStream().flush();
    return socket;
  }

  /** Reads what the kernel still holds for the client: true when the stream then ends (closed or reset). */
  private static boolean connectionEnds(Socket client) throws IOException {
    client.setSoTimeout(5000);
    InputStream in = client.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // what was queued before the drop
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private static String onlySessionId(GatewayUnderTest gateway) {
    return Http.get(gateway.url("/sessions")).json().getJsonArray("sessions").getJsonObject(0).getString("session_id");
  }

  /** How long the dropped client's write queue had been full, as the node logged it. */
  private long fullMillisAtDrop() {
    String drop = messages().stream().filter(line -> line.startsWith("dropped a client that stopped reading"))
        .findFirst().orElseThrow(() -> new AssertionError("no drop logged in " + messages()));
    Matcher full = Pattern.compile("write queue full for (\\d+) ms").matcher(drop);
    assertThat(full.find()).as(drop).isTrue();
    return Long.parseLong(full.group(1));
  }

  private List<String> messages() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private void awaitLog(String part) {
    Eventually.within(Duration.ofSeconds(10)).until("a log line with " + part, this::messages,
        lines -> lines.stream().anyMatch(line -> line.contains(part)));
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * An OpenAI-compatible provider that streams {@code offered} bytes of answer as fast as the node reads
   * them, honouring its own write queue (so it never buffers more than that queue itself), and records
   * how much it wrote, when the node first stopped reading, and when the node closed the connection.
   */
  private static final class FastProvider {
    private static final Buffer CHUNK = chunk();

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong firstFullAt = new AtomicLong();
    private final AtomicLong closedAt = new AtomicLong();
    private final long offered;
    private HttpServer server;

    private FastProvider(long offered) {
      this.offered = offered;
    }

    static FastProvider start(Vertx vertx, long offered) {
      FastProvider provider = new FastProvider(offered);
      provider.server = vertx.createHttpServer().requestHandler(request -> {
        request.connection().closeHandler(v -> provider.closedAt.compareAndSet(0, System.nanoTime()));
        request.body().onSuccess(body -> {
          request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
          provider.pump(request.response());
        });
      }).listen(0, "127.0.0.1").await();
      return provider;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    private void pump(HttpServerResponse response) {
      while (!response.closed() && !response.writeQueueFull() && written.get() < offered) {
        response.write(CHUNK);
        written.addAndGet(CHUNK.length());
      }
      if (response.closed()) {
        return;
      }
      if (written.get() >= offered) {
        response.end("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        return;
      }
      firstFullAt.compareAndSet(0, System.nanoTime());
      response.drainHandler(v -> pump(response));
    }

    /** Waits (up to 20 s) until the node closed the provider connection; its time. */
    long awaitClosed() {
      return Eventually.within(Duration.ofSeconds(20)).untilReturns("the node to close the provider connection", () -> {
        if (closedAt.get() == 0) {
          throw new AssertionError("still open; the provider wrote " + written.get() + " bytes");
        }
        return closedAt.get();
      });
    }

    /** One event of about 1 KiB: "word0 word1 …". */
    private static Buffer chunk() {
      StringBuilder text = new StringBuilder();
      for (int i = 0; text.length() < 1000; i++) {
        text.append("word").append(i).append(' ');
      }
      return Buffer.buffer("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n");
    }
  }
}
