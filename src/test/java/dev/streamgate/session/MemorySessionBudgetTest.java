package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The memory store's bound on its sessions' size ({@code SESSION_MEMORY_MB}), through real HTTP: once
 * the sessions held reach it, every way of making a session is refused with 507 in its dialect's shape,
 * before anything streams or is stored, while the sessions already held keep taking turns and the
 * stateless dialects keep answering; deleting sessions makes room again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemorySessionBudgetTest {

  /** A turn of this message keeps about 80 KB (the message and the mock's echo, two bytes a character). */
  private static final String LONG = "x".repeat(20_000);

  @Test
  void aFullStoreRefusesNewSessionsAndKeepsServingTheOnesItHolds(Vertx vertx) throws Exception {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("SESSION_MEMORY_MB", "1", "MOCK_DELAY_MS", "0"));
    List<String> held = new ArrayList<>();
    Http.Reply refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      Http.Reply reply = Http.postJson(gateway.url("/chat/stream"), new JsonObject().put("message", LONG).encode());
      if (reply.status() == 200) {
        held.add(sessionOf(reply.body()));
      } else {
        refused = reply;
      }
    }
    assertThat(refused).as("refused within 40 sessions of 80 KB").isNotNull();
    assertThat(held).hasSizeBetween(8, 16);
    assertThat(refused.status()).isEqualTo(507);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("session_store_full");
    assertThat(error.getString("message")).contains("SESSION_MEMORY_MB", "SESSION_IDLE_SECONDS", "DELETE /sessions/{id}");
    long stored = Http.get(gateway.url("/stats")).json().getLong("active_sessions");
    assertThat(stored).isEqualTo(held.size());

    assertThat(Http.postJson(gateway.url("/sessions/new"), "{}").status()).isEqualTo(507);
    Http.Reply stored0 = Http.postJson(gateway.url("/v1/responses"), new JsonObject().put("model", "mock-echo")
        .put("input", "Hi").encode());
    assertThat(stored0.status()).isEqualTo(507);
    assertThat(stored0.json().getJsonObject("error").getString("code")).as("OpenAI's shape")
        .isEqualTo("session_store_full");
    assertThat(Http.get(gateway.url("/stats")).json().getLong("active_sessions")).as("nothing stored")
        .isEqualTo(stored);

    Turn more = Turn.run(gateway, new JsonObject().put("session_id", held.get(0)).put("message", "Still there?"));
    assertThat(more.complete().getInteger("message_count")).as("a held session still takes turns").isEqualTo(4);
    Http.Reply stateless = Http.postJson(gateway.url("/v1/chat/completions"), new JsonObject()
        .put("model", "mock-echo").put("messages", new JsonArray()
            .add(new JsonObject().put("role", "user").put("content", "Hi"))).encode());
    assertThat(stateless.status()).as("stateless dialects keep no session").isEqualTo(200);

    for (String id : held.subList(0, 4)) {
      assertThat(Http.delete(gateway.url("/sessions/" + id)).status()).isEqualTo(200);
    }
    assertThat(Http.postJson(gateway.url("/sessions/new"), "{}").status()).as("room again").isEqualTo(200);
  }

  /** The session of a whole {@code /chat/stream} answer: its first event, {@code session_info}, names it. */
  private static String sessionOf(String stream) {
    String first = stream.lines().filter(line -> line.startsWith("data: ")).findFirst().orElseThrow();
    return new JsonObject(first.substring("data: ".length())).getString("session_id");
  }
}
