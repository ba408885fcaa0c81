package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolCall;
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
 * Ollama's native {@code POST /api/chat} with {@code stream: true}: one JSON object per line. Messages
 * carry their inline images as {@code images} (base64), an assistant's tool calls with their arguments
 * as an object, a tool result the function's name ({@code tool_name}); tools go in OpenAI's function
 * shape, sampling parameters in {@code options}, the answer's shape in {@code format} (JSON, or a JSON
 * schema, which Ollama enforces as given), reasoning in {@code think}, an assistant's earlier reasoning
 * in its message's {@code thinking}.
 */
record OllamaApi(GatewayConfig.Ollama config) implements ProviderApi {

  /**
   * Everything but an image by URL (Ollama takes base64 only), a tool choice and several answers
   * (Ollama has neither), an end user's id, {@code parallel_tool_calls}, a verbosity and a prompt cache key.
   */
  private static final Set<String> HONOURED = TurnOptions.ALL_ASKS.stream()
      .filter(ask -> !Set.of(TurnOptions.IMAGE_URL, "tool_choice", "n", "user", "parallel_tool_calls", "verbosity",
          "prompt_cache_key", "safety_identifier").contains(ask))
      .collect(Collectors.toUnmodifiableSet());

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
    return HONOURED;
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(message(request, m)));
    JsonObject body = new JsonObject().put("model", model).put("messages", messages).put("stream", true);
    if (!request.options().tools().isEmpty()) {
      JsonArray tools = new JsonArray();
      request.options().tools().forEach(tool -> tools.add(tool(tool)));
      body.put("tools", tools);
    }
    GenerationParams params = request.params();
    JsonObject options = options(params);
    if (!options.isEmpty()) {
      body.put("options", options);
    }
    ResponseFormat format = params.responseFormat();
    if (format != null && !ResponseFormat.TEXT.equals(format.type())) {
      body.put("format", ResponseFormat.JSON_SCHEMA.equals(format.type()) ? format.schema() : "json");
    }
    if (params.reasoningEffort() != null) {
      body.put("think", !"none".equals(params.reasoningEffort()));
    }
    return body.toBuffer();
  }

  private static JsonObject message(LlmRequest request, ChatMessage message) {
    String role = ChatMessage.DEVELOPER.equals(message.role()) ? ChatMessage.SYSTEM : message.role();
    JsonObject json = new JsonObject().put("role", role).put("content", message.content());
    JsonArray images = new JsonArray();
    message.parts().stream().filter(ContentPart::inline).forEach(image -> images.add(image.base64()));
    if (!images.isEmpty()) {
      json.put("images", images);
    }
    if (!message.toolCalls().isEmpty()) {
      JsonArray calls = new JsonArray();
      for (ToolCall call : message.toolCalls()) {
        calls.add(new JsonObject().put("id", call.id())
            .put("function", new JsonObject().put("name", call.name()).put("arguments", call.input())));
      }
      json.put("tool_calls", calls);
    }
    if (message.toolCallId() != null) {
      json.put("tool_name", request.toolName(message.toolCallId())).put("tool_call_id", message.toolCallId());
    }
    String reasoning = message.reasoning();
    return reasoning.isEmpty() ? json : json.put("thinking", reasoning); // as Ollama streams it
  }

  private static JsonObject tool(Tool tool) {
    JsonObject function = new JsonObject().put("name", tool.name());
    if (tool.description() != null) {
      function.put("description", tool.description());
    }
    return new JsonObject().put("type", "function").put("function", function.put("parameters", tool.parameters()));
  }

  /** {@code options}: the sampling parameters asked, under Ollama's names. */
  private static JsonObject options(GenerationParams params) {
    JsonObject options = new JsonObject();
    put(options, "temperature", params.temperature());
    put(options, "top_p", params.topP());
    put(options, "top_k", params.topK());
    // Ollama's num_predict bounds every generated token, reasoning included, as max_completion_tokens does.
    put(options, "num_predict",
        params.maxCompletionTokens() != null ? params.maxCompletionTokens() : params.maxTokens());
    put(options, "stop", params.stop() == null ? null : new JsonArray(params.stop()));
    put(options, "seed", params.seed());
    put(options, "presence_penalty", params.presencePenalty());
    put(options, "frequency_penalty", params.frequencyPenalty());
    return options;
  }

  private static void put(JsonObject json, String name, Object value) {
    if (value != null) {
      json.put(name, value);
    }
  }

  @Override
  public Framing framing() {
    return Framing.NDJSON;
  }

  @Override
  public StreamReader reader(LlmRequest request, ChunkSink sink, ProviderErrors errors) {
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
