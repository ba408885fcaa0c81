package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys: required on API routes, accepted the ways browsers can send them, and owning their sessions. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiKeysTest {

  private static final String ALICE = "sk-alice-0123456789";
  private static final String BOB = "sk-bob-9876543210";

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB));
  }

  @Test
  void apiRoutesNeedAValidKeyAndPagesStayPublic() {
    for (String path : new String[] {"/sessions", "/stats", "/v1/models", "/events", "/api/streaming"}) {
      Http.Reply missing = Http.get(gateway.url(path));
      assertThat(missing.status()).as(path).isEqualTo(401);
      assertThat(missing.contentType()).startsWith("application/json");
    }
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    assertThat(Http.get(gateway.url("/v1/models")).json().getJsonObject("error").getString("type"))
        .isEqualTo("invalid_request_error");
    Http.Reply wrong = get("/sessions", "Authorization", "Bearer sk-nobody-000000000");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("sk-nobody");
    assertThat(Http.postJson(gateway.url("/chat/stream"), "{\"message\":\"hi\"}").status()).isEqualTo(401);

    assertThat(Http.get(gateway.url("/demo")).status()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/docs")).status()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/health")).status()).isEqualTo(200);
  }

  @Test
  void aKeyWorksAsBearerCookieOrAccessToken() {
    assertThat(get("/sessions", "Authorization", "Bearer " + ALICE).status()).isEqualTo(200);
    assertThat(get("/sessions", "Cookie", ApiKeys.COOKIE + "=" + ALICE).status()).isEqualTo(200);
    assertThat(Http.get(gateway.url("/sessions?access_token=" + BOB)).status()).isEqualTo(200);
  }

  @Test
  void sessionsBelongToTheKeyThatCreatedThem() {
    String id = send(HttpRequest.newBuilder(URI.create(gateway.url("/chat/stream")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"secret plans\"}"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + ALICE))
        .body().lines().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6)))
        .findFirst().orElseThrow().getString("session_id");

    assertThat(get("/sessions/" + id, "Authorization", "Bearer " + ALICE).status()).isEqualTo(200);
    assertThat(get("/sessions/" + id, "Authorization", "Bearer " + BOB).status()).isEqualTo(404);
    assertThat(get("/sessions", "Authorization", "Bearer " + BOB).json().getInteger("total")).isZero();
    assertThat(get("/sessions", "Authorization", "Bearer " + ALICE).json().getInteger("total")).isEqualTo(1);

    Http.Reply hijack = send(HttpRequest.newBuilder(URI.create(gateway.url("/chat/stream")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"mine now\",\"session_id\":\"" + id + "\"}"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + BOB));
    assertThat(hijack.status()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/" + id))).DELETE()
        .header("Authorization", "Bearer " + BOB)).status()).isEqualTo(404);
    assertThat(get("/sessions/" + id, "Authorization", "Bearer " + ALICE).json().getInteger("message_count")).isEqualTo(2);

    assertThat(send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions/" + id))).DELETE()
        .header("Authorization", "Bearer " + ALICE)).status()).isEqualTo(200);
    assertThat(get("/sessions", "Authorization", "Bearer " + ALICE).json().getInteger("total"))
        .as("a deleted session leaves its key's list").isZero();
  }

  @Test
  void aChannelOfTheSameNameIsAnotherChannelForAnotherKey() throws Exception {
    EventStream alice = EventStream.get(gateway.url("/api/streaming?channel=shared"), "Cookie", ApiKeys.COOKIE + "=" + ALICE);
    EventStream bob = EventStream.get(gateway.url("/api/streaming?channel=shared"), "Authorization", "Bearer " + BOB);
    alice.awaitOpen();
    bob.awaitOpen();
    Http.Reply asked = send(HttpRequest.newBuilder(URI.create(gateway.url("/api/streaming?channel=shared")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"alice only\"}"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + ALICE));
    assertThat(asked.status()).isEqualTo(202);
    EventStream.Event first = alice.next();
    assertThat(first.id()).startsWith(asked.json().getString("message_id"));
    // Bob's stream of the same name hears none of it: a question of his own is its first event. (The
    // channel's own conversation, "shared", is Alice's session now, so Bob names another.)
    Http.Reply his = send(HttpRequest.newBuilder(URI.create(gateway.url("/api/streaming?channel=shared")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"bob asks\",\"conversation_id\":\"bobs\"}"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + BOB));
    assertThat(his.status()).isEqualTo(202);
    assertThat(bob.next().id()).startsWith(his.json().getString("message_id"));
    for (EventStream.Event e = alice.next(); !"end".equals(e.type()); e = alice.next()) {
      assertThat(e.id()).startsWith(asked.json().getString("message_id"));
    }
    alice.close();
    bob.close();
  }

  private Http.Reply get(String path, String header, String value) {
    return send(HttpRequest.newBuilder(URI.create(gateway.url(path))).header(header, value));
  }

  private static Http.Reply send(HttpRequest.Builder request) {
    return Http.send(request);
  }
}
