package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.FakeOpenAi;
import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node answers only the models a configured provider can answer, and says so before any stream
 * starts; on a node with only the embedded mock, the mock stands in for routed models and names itself.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServableModelsTest {

  /** Seed 001's fetch client, as written there ({@code stream} set to true). */
  private static final JsonObject SEED_001_FETCH = new JsonObject().put("model", "gpt-3.5-turbo")
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "Hello")))
      .put("temperature", 0.7).put("max_tokens", 150).put("top_p", 1.0).put("frequency_penalty", 0.0)
      .put("presence_penalty", 0.0).put("stream", true);

  @Test
  void aMockOnlyNodeListsTheMockAlone(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    assertThat(modelIds(gateway)).containsExactlyInAnyOrder("mock-echo", "fast");
  }

  @Test
  void aMockOnlyNodeAnswersSeed001sModelWithTheMockAndSaysSo(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), SEED_001_FETCH.encode());
    assertThat(reply.status()).isEqualTo(200);
    List<String> data = reply.body().lines().filter(line -> line.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(data).last().isEqualTo("[DONE]");
    List<JsonObject> chunks = data.subList(0, data.size() - 1).stream().map(JsonObject::new).toList();
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.getString("model")).isEqualTo("mock-echo"));
    assertThat(chunks).noneMatch(chunk -> chunk.containsKey("error"));
    assertThat(chunks.get(chunks.size() - 1).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
        .isEqualTo("stop");
  }

  @Test
  void anUnknownModelIsRefusedBeforeASessionIsMade(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    Http.Reply refused = Http.postJson(gateway.url("/sessions/new"), "{\"model\":\"zzz\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonObject("error").getString("message")).startsWith("Unknown model 'zzz'");
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonArray("sessions")).isEmpty();
    assertThat(Http.postJson(gateway.url("/sessions/new"), "{\"model\":\"fast\"}").status()).isEqualTo(200);
  }

  @Test
  void aModelOfAProviderThisNodeHasNotConfiguredIsRefusedInEveryDialectBeforeItsStream(Vertx vertx) {
    FakeOpenAi openai = FakeOpenAi.start(vertx);
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx, Map.of("OPENAI_BASE_URL", openai.baseUrl()));
    assertThat(modelIds(gateway)).containsExactlyInAnyOrder("mock-echo", "fast", "gpt-4o-mini");

    JsonObject claude = SEED_001_FETCH.copy().put("model", "claude-3-5-haiku-latest");
    Http.Reply openAi = Http.postJson(gateway.url("/v1/chat/completions"), claude.encode());
    assertThat(openAi.status()).isEqualTo(400);
    assertThat(openAi.contentType()).startsWith("application/json");
    assertThat(openAi.json().getJsonObject("error").getString("message"))
        .contains("anthropic provider, which is not configured", "ANTHROPIC_API_KEY");
    for (String path : List.of("/chat/stream", "/api/v1/chat/")) {
      Http.Reply reply = Http.postJson(gateway.url(path), "{\"message\":\"hi\",\"model\":\"gemini-2.0-flash\"}");
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.json().getJsonObject("error").getString("message")).contains("gemini provider");
    }
    assertThat(Http.postJson(gateway.url("/sessions/new"), "{\"model\":\"ollama/llama3.2\"}").status()).isEqualTo(400);
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonArray("sessions")).isEmpty();
    assertThat(openai.calls()).isEmpty();
  }

  @Test
  void streamMustBeABooleanInEveryDialectThatReadsIt(Vertx vertx) {
    GatewayUnderTest gateway = GatewayUnderTest.start(vertx);
    Http.Reply conversation = Http.postJson(gateway.url("/api/v1/chat/"), "{\"message\":\"hi\",\"stream\":\"yes\"}");
    assertThat(conversation.status()).isEqualTo(400);
    assertThat(conversation.json().getJsonObject("error").getString("message")).contains("'stream'");
    Http.Reply openAi = Http.postJson(gateway.url("/v1/chat/completions"), SEED_001_FETCH.copy().put("stream", "yes").encode());
    assertThat(openAi.status()).isEqualTo(400);
    assertThat(openAi.json().getJsonObject("error").getString("message")).contains("'stream'");
    Http.Reply usage = Http.postJson(gateway.url("/v1/chat/completions"), SEED_001_FETCH.copy()
        .put("stream_options", new JsonObject().put("include_usage", 1)).encode());
    assertThat(usage.status()).isEqualTo(400);
    assertThat(usage.json().getJsonObject("error").getString("message")).contains("'stream_options.include_usage'");
    assertThat(Http.get(gateway.url("/sessions")).json().getJsonArray("sessions")).isEmpty();
  }

  private static List<String> modelIds(GatewayUnderTest gateway) {
    return Http.get(gateway.url("/v1/models")).json().getJsonArray("data").stream()
        .map(model -> ((JsonObject) model).getString("id")).toList();
  }
}
