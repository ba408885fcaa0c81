package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.EventStream.Event;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.NginxFront;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The repository's {@code conf/nginx.conf}, run by the real nginx in front of a node (its upstream list
 * and port pointed at the test's, nothing else changed): answers stream through it unbuffered, the
 * event channels' cookies and the demo page work on its one origin.
 */
@Tag("nginx")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxInFrontTest {

  private static NginxFront nginx;
  private static String front;

  @BeforeAll
  static void start(Vertx vertx) {
    // 31 words 60 ms apart: an answer takes about 1.9 s to generate.
    GatewayUnderTest node = GatewayUnderTest.start(vertx, Map.of("MOCK_DELAY_MS", "60"));
    nginx = NginxFront.start(Path.of("target", "nginx-front").toAbsolutePath(), List.of(node.port()));
    front = nginx.url("");
  }

  @AfterAll
  static void stop() {
    nginx.close();
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
}
