package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Ollama's native {@code POST /api/chat} with {@code stream: true}: one JSON object per line. */
record OllamaApi(GatewayConfig.Ollama config) implements ProviderApi {

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public RequestOptions request(String model) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.baseUrl() + "/api/chat")
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "application/x-ndjson");
  }

  @Override
  public Set<String> honours() {
    return Set.of();
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    return new JsonObject().put("model", model).put("messages", messages).put("stream", true).toBuffer();
  }

  @Override
  public Framing framing() {
    return Framing.NDJSON;
  }

  @Override
  public StreamReader reader(ChunkSink sink, ProviderErrors errors) {
    return new OllamaReader(sink, errors);
  }

  @Override
  public String baseUrl() {
    return config.baseUrl();
  }

  @Override
  public String secret() {
    return "";
  }
}
