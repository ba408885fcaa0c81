package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.EventStream;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The session endpoints and the system endpoints of the native API. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionApiTest {

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx);
  }

  @Test
  void createListShowClearAndDelete() throws Exception {
    JsonObject created = Http.postJson(gateway.url("/sessions/new"), "{\"model\":\"mock-large\"}").json();
    String id = created.getString("session_id");
    assertThat(created.getString("model")).isEqualTo("mock-large");
    assertThat(created.getInteger("message_count")).isZero();
    try (EventStream stream = EventStream.post(gateway.url("/chat/stream"),
        new JsonObject().put("session_id", id).put("message", "remember this"))) {
      assertThat(stream.next().json().getString("model")).isEqualTo("mock-large");
      stream.rest();
    }
    String other = Http.postJson(gateway.url("/sessions/new"), "{}").json().getString("session_id");

    JsonObject list = Http.get(gateway.url("/sessions")).json();
    assertThat(list.getInteger("total")).isEqualTo(2);
    assertThat(list.getJsonArray("sessions").getJsonObject(0).getString("session_id")).isEqualTo(other);
    assertThat(list.getJsonArray("sessions").getJsonObject(1).getInteger("message_count")).isEqualTo(2);

    JsonObject shown = Http.get(gateway.url("/sessions/" + id)).json();
    assertThat(shown.getInteger("user_messages")).isEqualTo(1);
    assertThat(shown.getInteger("assistant_messages")).isEqualTo(1);
    JsonObject question = shown.getJsonArray("messages").getJsonObject(0);
    assertThat(question.getString("role")).isEqualTo("user");
    assertThat(question.getString("content")).isEqualTo("remember this");
    assertThat(java.time.Instant.parse(question.getString("timestamp"))).isNotNull();

    assertThat(Http.postJson(gateway.url("/sessions/" + id + "/clear"), "").json())
        .isEqualTo(new JsonObject().put("cleared", true).put("session_id", id).put("message_count", 0));
    assertThat(Http.get(gateway.url("/sessions/" + id)).json().getJsonArray("messages")).isEmpty();

    assertThat(Http.delete(gateway.url("/sessions/" + id)).json())
        .isEqualTo(new JsonObject().put("deleted", true).put("session_id", id));
    assertThat(Http.get(gateway.url("/sessions/" + id)).status()).isEqualTo(404);
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).isEqualTo(1);
  }

  @Test
  void rootListsEndpointsAndTheOpenApiDocumentDescribesEachOfThem() {
    JsonObject info = Http.get(gateway.url("/")).json();
    assertThat(info.getString("name")).isEqualTo("Streamgate");
    assertThat(info.getString("provider")).isEqualTo("mock");
    JsonObject paths = Http.get(gateway.url("/openapi.json")).json().getJsonObject("paths");
    assertThat(info.getJsonObject("endpoints").fieldNames()).hasSizeGreaterThanOrEqualTo(11).allSatisfy(endpoint -> {
      String[] parts = endpoint.split(" ");
      assertThat(paths.getJsonObject(parts[1])).as(endpoint).isNotNull();
      assertThat(paths.getJsonObject(parts[1]).getJsonObject(parts[0].toLowerCase())).as(endpoint).isNotNull();
    });
  }

  @Test
  void servesTheDemoAndDocsPagesAndTheirAssetsLocally() {
    Http.Reply demo = Http.get(gateway.url("/demo"));
    assertThat(demo.status()).isEqualTo(200);
    assertThat(demo.contentType()).startsWith("text/html");
    assertThat(demo.body()).contains("/demo/app.js").doesNotContain("https://");
    assertThat(Http.get(gateway.url("/demo/app.js")).body()).contains("/chat/stream");

    Http.Reply docs = Http.get(gateway.url("/docs"));
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body()).contains("/openapi.json").contains("/webjars/swagger-ui/");
    assertThat(Http.get(gateway.url("/webjars/swagger-ui/5.20.1/swagger-ui-bundle.js")).status()).isEqualTo(200);
  }
}
