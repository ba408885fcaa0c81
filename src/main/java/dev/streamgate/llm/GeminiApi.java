package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Gemini's {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}. Roles map to Gemini's
 * ({@code assistant} → {@code model}); the system prompt goes in {@code systemInstruction}. The key
 * travels in the {@code x-goog-api-key} header, never in the URL, so it cannot leak into a log line.
 */
record GeminiApi(GatewayConfig.Gemini config) implements ProviderApi {

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public RequestOptions request(String model) {
    String path = "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":streamGenerateContent?alt=sse";
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.baseUrl() + path)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "text/event-stream")
        .putHeader("x-goog-api-key", config.apiKey());
  }

  @Override
  public Set<String> honours() {
    return Set.of();
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    JsonArray contents = new JsonArray();
    request.dialogue().forEach(m -> contents.add(new JsonObject()
        .put("role", ChatMessage.ASSISTANT.equals(m.role()) ? "model" : "user")
        .put("parts", new JsonArray().add(new JsonObject().put("text", m.content())))));
    JsonObject body = new JsonObject().put("contents", contents);
    String system = request.systemPrompt();
    if (!system.isEmpty()) {
      body.put("systemInstruction", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("text", system))));
    }
    return body.toBuffer();
  }

  @Override
  public StreamReader reader(ChunkSink sink, ProviderErrors errors) {
    return new GeminiReader(sink, errors);
  }

  @Override
  public String baseUrl() {
    return config.baseUrl();
  }

  @Override
  public String secret() {
    return config.apiKey();
  }
}
