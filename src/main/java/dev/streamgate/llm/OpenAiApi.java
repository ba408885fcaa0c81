package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OpenAI's {@code POST /chat/completions} with {@code stream: true} and usage, and so every
 * OpenAI-compatible server (vLLM, Ollama's /v1, llama.cpp, LM Studio, OpenRouter…).
 */
record OpenAiApi(GatewayConfig.OpenAi config) implements ProviderApi {

  private static final Set<String> HONOURED = TurnOptions.ALL_ASKS.stream().filter(ask -> !ask.equals("top_k"))
      .collect(Collectors.toUnmodifiableSet());

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public RequestOptions request(String model) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(config.baseUrl() + "/chat/completions")
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "text/event-stream");
    if (!config.apiKey().isEmpty()) {
      options.putHeader("Authorization", "Bearer " + config.apiKey());
    }
    return options;
  }

  /** Everything but {@code top_k}, which OpenAI's own API refuses. */
  @Override
  public Set<String> honours() {
    return HONOURED;
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(message(m)));
    JsonObject body = request.params().toJson().put("model", model).put("messages", messages).put("stream", true)
        .put("stream_options", new JsonObject().put("include_usage", true));
    TurnOptions options = request.options();
    if (!options.tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      options.tools().forEach(tool -> tools.add(tool.toJson()));
      body.put("tools", tools);
    }
    if (options.toolChoice() != null) {
      body.put("tool_choice", options.toolChoice().toJson());
    }
    return body.toBuffer();
  }

  /**
   * A message as OpenAI writes it. Every OpenAI-compatible server knows "system"; OpenAI reads it as
   * "developer" where a model has that role. An assistant's earlier reasoning goes back as
   * {@code reasoning_content}, as DeepSeek and vLLM stream it: DeepSeek requires it back on a message
   * that called tools, and OpenAI's own models stream none, so they never get any back of their own.
   */
  private static JsonObject message(ChatMessage m) {
    JsonObject json = m.toModelJson();
    if (ChatMessage.DEVELOPER.equals(m.role())) {
      json.put("role", ChatMessage.SYSTEM);
    }
    String reasoning = m.reasoning();
    return reasoning.isEmpty() ? json : json.put("reasoning_content", reasoning);
  }

  @Override
  public StreamReader reader(LlmRequest request, ChunkSink sink, ProviderErrors errors) {
    return new OpenAiReader(sink, errors);
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
