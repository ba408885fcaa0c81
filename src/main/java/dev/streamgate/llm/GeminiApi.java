package dev.streamgate.llm;

import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gemini's {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse}. The conversation goes in
 * {@code contents} and {@code systemInstruction} ({@link GeminiContents}), tools in
 * {@code functionDeclarations} with their schemas in Gemini's dialect ({@link GeminiSchema}), the tool
 * choice in {@code toolConfig}, the parameters in {@code generationConfig}. The key travels in the
 * {@code x-goog-api-key} header, never in the URL, so it cannot leak into a log line.
 */
record GeminiApi(GatewayConfig.Gemini config) implements ProviderApi {

  /**
   * Everything but an image by URL (Gemini takes inline data or its own file URIs: the gateway would
   * have to fetch the image), an end user's id, {@code parallel_tool_calls}, a verbosity and a prompt cache
   * key (Gemini has none of them).
   */
  private static final Set<String> HONOURED = TurnOptions.ALL_ASKS.stream()
      .filter(ask -> !Set.of(TurnOptions.IMAGE_URL, "user", "parallel_tool_calls", "verbosity", "prompt_cache_key",
          "safety_identifier").contains(ask))
      .collect(Collectors.toUnmodifiableSet());

  /** Thinking budgets in tokens by reasoning effort, as Gemini's own OpenAI-compatible endpoint maps them. */
  private static final Map<String, Integer> BUDGETS = Map.of("none", 0, "minimal", 512, "low", 1024,
      "medium", 8192, "high", 24576, "xhigh", 24576);

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public boolean takesThoughtSignatures() {
    return true;
  }

  @Override
  public RequestOptions request(String model) {
    return post(model, ":streamGenerateContent?alt=sse").putHeader("Accept", "text/event-stream");
  }

  private RequestOptions post(String model, String method) {
    String path = "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + method;
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.baseUrl() + path)
        .putHeader("Content-Type", "application/json")
        .putHeader("x-goog-api-key", config.apiKey());
  }

  /**
   * {@code countTokens} of the request {@link #body} makes, but for its {@code generationConfig}, which
   * is about the answer and not counted: {@code totalTokens}.
   */
  @Override
  public TokenCount tokenCount(LlmRequest request, String model) {
    JsonObject generate = generateRequest(request).put("model", "models/" + model);
    generate.remove("generationConfig");
    return new TokenCount(post(model, ":countTokens"), new JsonObject().put("generateContentRequest", generate)
        .toBuffer(), "totalTokens");
  }

  @Override
  public Set<String> honours() {
    return HONOURED;
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    return generateRequest(request).toBuffer();
  }

  /** The {@code GenerateContentRequest} (the model is in the URL). */
  private static JsonObject generateRequest(LlmRequest request) {
    JsonObject body = new JsonObject().put("contents", GeminiContents.of(request));
    put(body, "systemInstruction", GeminiContents.system(request));
    TurnOptions options = request.options();
    if (!options.tools().isEmpty()) {
      JsonArray declarations = new JsonArray();
      options.tools().forEach(tool -> declarations.add(declaration(tool)));
      body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", declarations)));
    }
    if (options.toolChoice() != null) {
      body.put("toolConfig", new JsonObject().put("functionCallingConfig", calling(options.toolChoice())));
    }
    JsonObject generation = generation(request.params());
    return generation.isEmpty() ? body : body.put("generationConfig", generation);
  }

  /** A function; without {@code parameters} when it takes none: Gemini refuses an object schema without properties. */
  private static JsonObject declaration(Tool tool) {
    JsonObject function = new JsonObject().put("name", tool.name());
    put(function, "description", tool.description());
    return GeminiSchema.empty(tool.parameters()) ? function
        : function.put("parameters", GeminiSchema.of(tool.parameters()));
  }

  private static JsonObject calling(ToolChoice choice) {
    return switch (choice.mode()) {
      case ToolChoice.NONE -> new JsonObject().put("mode", "NONE");
      case ToolChoice.REQUIRED -> new JsonObject().put("mode", "ANY");
      case ToolChoice.FUNCTION -> new JsonObject().put("mode", "ANY")
          .put("allowedFunctionNames", new JsonArray().add(choice.function()));
      default -> new JsonObject().put("mode", "AUTO");
    };
  }

  /** {@code generationConfig}: each parameter asked, under Gemini's name. */
  private static JsonObject generation(GenerationParams params) {
    JsonObject config = new JsonObject();
    put(config, "temperature", params.temperature());
    put(config, "topP", params.topP());
    put(config, "topK", params.topK());
    // OpenAI's max_completion_tokens counts reasoning too, as Gemini's maxOutputTokens does.
    put(config, "maxOutputTokens",
        params.maxCompletionTokens() != null ? params.maxCompletionTokens() : params.maxTokens());
    put(config, "stopSequences", params.stop() == null ? null : new JsonArray(params.stop()));
    put(config, "seed", params.seed());
    put(config, "presencePenalty", params.presencePenalty());
    put(config, "frequencyPenalty", params.frequencyPenalty());
    put(config, "candidateCount", params.n());
    ResponseFormat format = params.responseFormat();
    if (format != null && !ResponseFormat.TEXT.equals(format.type())) {
      config.put("responseMimeType", "application/json");
      put(config, "responseSchema",
          ResponseFormat.JSON_SCHEMA.equals(format.type()) ? GeminiSchema.of(format.schema()) : null);
    }
    String effort = params.reasoningEffort();
    if (effort != null) {
      JsonObject thinking = new JsonObject().put("thinkingBudget", BUDGETS.get(effort));
      config.put("thinkingConfig", "none".equals(effort) ? thinking : thinking.put("includeThoughts", true));
    }
    return config;
  }

  private static void put(JsonObject json, String name, Object value) {
    if (value != null) {
      json.put(name, value);
    }
  }

  @Override
  public StreamReader reader(LlmRequest request, ChunkSink sink, ProviderErrors errors) {
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
