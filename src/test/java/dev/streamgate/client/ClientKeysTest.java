package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The client against a gateway with API keys on: the key opens the API, owns the sessions, and is never printed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientKeysTest {

  private static final String ALICE = "sk-alice-0123456789";
  private static final String BOB = "sk-bob-9876543210";

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx, Map.of("GATEWAY_API_KEYS", ALICE + "," + BOB));
  }

  @Test
  void withItsKeyTheClientChatsAndManagesSessionsThatBelongToThatKey() throws Exception {
    try (RunningClient client = RunningClient.start("--url", gateway.url(""), "--key", ALICE)) {
      assertThat(client.run("Hello")).contains("You said: \"Hello\".", "Status: SUCCESS");
      assertThat(client.run("/info")).contains("Total Messages: 2");
      assertThat(client.run("/sessions")).contains("ALL ACTIVE SESSIONS (1)", "← CURRENT");
      assertThat(client.run("/server")).contains("Total Requests: 1");
      assertThat(sessions(ALICE).getInteger("total")).isEqualTo(1);
      assertThat(sessions(BOB).getInteger("total")).isZero();
      assertThat(client.endInput()).isZero();
      assertThat(client.output()).doesNotContain(ALICE).doesNotContain("HTTP 401");
    }
  }

  @Test
  void theKeyCanComeFromTheEnvironment() throws Exception {
    try (RunningClient client = RunningClient.start(Map.of("STREAMGATE_API_KEY", BOB), Backoff.standard(), false,
        "--url", gateway.url(""))) {
      assertThat(client.run("Hi Bob")).contains("You said: \"Hi Bob\".");
      assertThat(sessions(BOB).getInteger("total")).isEqualTo(1);
      assertThat(client.output()).doesNotContain(BOB);
    }
  }

  @Test
  void withoutAKeyTheClientSaysHowToGiveOneAndKeepsWorkingOnPublicRoutes() throws Exception {
    try (RunningClient client = RunningClient.start("--url", gateway.url(""))) {
      client.awaitIdle();
      String hint = "🔒 The server requires an API key (HTTP 401): start the client with --key KEY or set STREAMGATE_API_KEY.";
      assertThat(client.output()).contains(hint);
      assertThat(client.run("Hello")).contains(hint).doesNotContain("Generating response");
      assertThat(client.run("/health")).contains("Status: healthy");
      assertThat(client.run("/stats")).contains("Messages Sent: 1", "Failed Streams: 1", "Current Session: none");
      assertThat(client.endInput()).isZero();
    }
  }

  @Test
  void aWrongKeyIsRefusedWithoutBeingPrinted() throws Exception {
    String wrong = "sk-mallory-5555555555";
    try (RunningClient client = RunningClient.start("--url", gateway.url(""), "--key", wrong)) {
      assertThat(client.run("/sessions")).contains("🔒 The server refused the API key (HTTP 401).");
      assertThat(client.endInput()).isZero();
      assertThat(client.output()).doesNotContain(wrong);
    }
  }

  private JsonObject sessions(String key) {
    return Http.send(HttpRequest.newBuilder(URI.create(gateway.url("/sessions"))).header("Authorization", "Bearer " + key))
        .json();
  }
}
