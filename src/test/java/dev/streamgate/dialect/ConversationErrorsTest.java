package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation API's errors have one body, {@code {"error":{"code","message"}}}, whether the request
 * was refused or the upstream failed before a non-streaming answer; streaming, the seed's error event.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConversationErrorsTest {

  @Test
  void anUpstreamFailureBeforeAWholeAnswerHasTheShapeOfEveryOtherErrorOfTheApi(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx).fail(500, "{\"error\":{\"message\":\"The server had an error\"}}");
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "RETRY_ATTEMPTS", "0"));
    Http.Reply whole = Http.postJson(gateway.url("/api/v1/chat/"), "{\"message\":\"hi\",\"stream\":false}");
    assertThat(whole.status()).isEqualTo(502);
    assertThat(whole.json()).isEqualTo(new JsonObject().put("error", new JsonObject().put("code", "upstream_error")
        .put("message", "openai answered HTTP 500: The server had an error")));
    Http.Reply refused = Http.postJson(gateway.url("/api/v1/chat/"), "{\"stream\":false}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").fieldNames()).containsExactlyInAnyOrder("code", "message");

    Http.Reply streamed = Http.postJson(gateway.url("/api/v1/chat/"), "{\"message\":\"hi\",\"stream\":true}");
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.body().strip()).endsWith("data: " + new JsonObject().put("type", "error")
        .put("error", "openai answered HTTP 500: The server had an error").put("code", "upstream_error").encode());
  }
}
