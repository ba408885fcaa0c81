package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The repository's {@code conf/nginx.conf}, run by the real nginx in front of a node (its upstream list
 * and port pointed at the test's, nothing else changed): answers stream through it unbuffered, the
 * event channels' cookies and the demo page work on its one origin.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxInFrontTest {

  private static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Path DIR = Path.of("target", "nginx-front").toAbsolutePath();

  private static Process nginx;
  private static String front;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    // 31 words 60 ms apart: an answer takes about 1.9 s to generate.
    GatewayUnderTest node = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "60"));
    int port = freePort();
    Files.createDirectories(DIR.resolve("tmp"));
    Path conf = Files.writeString(DIR.resolve("nginx.conf"), forTest(Files.readString(Path.of("conf/nginx.conf")),
        node.port(), port));
    nginx = new ProcessBuilder(NGINX.toString(), "-p", DIR + "/", "-e", DIR.resolve("error.log").toString(),
        "-c", conf.toString(), "-g", "daemon off; pid " + DIR.resolve("nginx.pid") + ";")
        .redirectErrorStream(true).redirectOutput(DIR.resolve("nginx.out").toFile()).start();
    front = "http://127.0.0.1:" + port;
    awaitHealthy();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    nginx.destroy();
    nginx.waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerStreamsThroughNginxInPiecesWhileItIsGenerated() throws Exception {
    EventStream stream = EventStream.post(front + "/chat/stream", new JsonObject().put("message", "through nginx"));
    List<Long> chunkArrivals = new ArrayList<>();
    long completeAt = 0;
    for (Event e = stream.next(); e != null; e = stream.next()) {
      String type = e.json().getString("type");
      if ("chunk".equals(type) && !e.json().getBoolean("is_final")) {
        chunkArrivals.add(System.nanoTime());
      } else if ("complete".equals(type)) {
        completeAt = System.nanoTime();
      }
    }
    assertThat(stream.response().header("Content-Type")).startsWith("text/event-stream");
    assertThat(chunkArrivals).hasSize(31);
    assertThat(TimeUnit.NANOSECONDS.toMillis(completeAt - chunkArrivals.get(0)))
        .as("the first chunk came through while the rest was still being generated").isGreaterThan(1000);
    assertThat(TimeUnit.NANOSECONDS.toMillis(chunkArrivals.get(15) - chunkArrivals.get(0)))
        .as("chunks arrived spread out, one by one, not in one buffered burst").isGreaterThan(500);
  }

  @Test
  void theEventChannelAndTheDemoPageWorkOnNginxsOrigin() throws Exception {
    assertThat(Http.get(front + "/demo").status()).isEqualTo(200);
    EventStream channel = EventStream.get(front + "/events");
    String setCookie = channel.awaitOpen().header("Set-Cookie");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    Http.Reply accepted = Http.send(HttpRequest.newBuilder(URI.create(front + "/conversation"))
        .header("Content-Type", "application/json").header("Cookie", cookie)
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"via the front\"}")));
    assertThat(accepted.status()).isEqualTo(202);
    Event first = channel.next();
    assertThat(first.type()).isEqualTo("message");
    assertThat(first.id()).startsWith(accepted.json().getString("message_id"));
    channel.close();
  }

  /** conf/nginx.conf with the test's node as its only upstream, its own port, and files under target/. */
  private static String forTest(String conf, int nodePort, int frontPort) {
    String adapted = conf
        .replaceFirst("server 127\\.0\\.0\\.1:8000;", "server 127.0.0.1:" + nodePort + ";")
        .replaceAll("\\n\\s*server 127\\.0\\.0\\.1:800[12];", "")
        .replace("listen 8080;", "listen 127.0.0.1:" + frontPort + ";")
        .replace("http {", "http {\n  access_log off;\n  client_body_temp_path tmp/body;\n  proxy_temp_path tmp/proxy;\n"
            + "  fastcgi_temp_path tmp/fastcgi;\n  uwsgi_temp_path tmp/uwsgi;\n  scgi_temp_path tmp/scgi;");
    assertThat(adapted).contains("server 127.0.0.1:" + nodePort).doesNotContain(":8001", ":8002", "listen 8080");
    return adapted;
  }

  private static void awaitHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try {
        if (Http.get(front + "/health").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // nginx still starting
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("nginx did not answer /health through conf/nginx.conf; see " + DIR);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
