package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Upstream failures in the OpenAI dialect, the way OpenAI's own API reports them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiDialectErrorsTest {

  @Test
  void upstreamFailuresAreAnHttpErrorBeforeTheAnswerAndAnErrorEventDuringIt(Vertx vertx) {
    FakeOpenAi provider = FakeOpenAi.start(vertx).fail(500, "{\"error\":{\"message\":\"The server had an error\"}}");
    GatewayUnderTest relay = GatewayUnderTest.start(vertx, Map.of("LLM_PROVIDER", "openai",
        "OPENAI_BASE_URL", provider.baseUrl(), "RETRY_ATTEMPTS", "0"));
    Http.Reply whole = Http.postJson(relay.url("/v1/chat/completions"),
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(whole.status()).isEqualTo(502);
    assertThat(whole.json().getJsonObject("error").getString("message"))
        .isEqualTo("openai answered HTTP 500: The server had an error");
    assertThat(whole.json().getJsonObject("error").getString("type")).isEqualTo("server_error");

    Http.Reply streamed = Http.postJson(relay.url("/v1/chat/completions"),
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertThat(streamed.status()).isEqualTo(200);
    assertThat(streamed.body()).endsWith("\"code\":\"upstream_error\"}}\n\n").doesNotContain("[DONE]")
        .contains("data: {\"error\":{\"message\":\"openai answered HTTP 500: The server had an error\"");
  }
}
