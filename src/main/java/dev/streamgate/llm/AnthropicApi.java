package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Anthropic's Messages API, {@code POST /v1/messages} with {@code stream: true}. The system prompt
 * goes in {@code system}, not among the messages; empty messages (an interrupted turn that produced
 * nothing) are left out, as the API rejects empty text.
 */
record AnthropicApi(GatewayConfig.Anthropic config) implements ProviderApi {

  static final String VERSION = "2023-06-01";

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public RequestOptions request(String model) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.baseUrl() + "/v1/messages")
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "text/event-stream")
        .putHeader("anthropic-version", VERSION)
        .putHeader("x-api-key", config.apiKey());
  }

  @Override
  public Set<String> honours() {
    return Set.of();
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    JsonArray messages = new JsonArray();
    request.dialogue().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    JsonObject body = new JsonObject().put("model", model).put("max_tokens", config.maxTokens())
        .put("messages", messages).put("stream", true);
    String system = request.systemPrompt();
    return (system.isEmpty() ? body : body.put("system", system)).toBuffer();
  }

  @Override
  public StreamReader reader(ChunkSink sink, ProviderErrors errors) {
    return new AnthropicReader(sink, errors);
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
