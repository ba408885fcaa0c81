package dev.streamgate.llm;

import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic's Messages API, {@code POST /v1/messages} with {@code stream: true}. The instructions
 * (system and developer messages) go in {@code system}; the conversation, tools and tool choice as
 * {@link AnthropicMessages} and {@link AnthropicTools} write them. Parameters: {@code temperature} (the
 * API takes 0 to 1 and refuses more), {@code top_p}, {@code top_k}, {@code stop} as
 * {@code stop_sequences}, {@code safety_identifier} (else {@code user}) as {@code metadata.user_id}, and
 * the answer's bound ({@code max_completion_tokens}, else {@code max_tokens}, else the configured default:
 * the API needs one).
 *
 * <p>{@code reasoning_effort} turns on extended thinking with LiteLLM's budgets per effort (1024, 1024,
 * 2048, 4096 tokens for minimal to high; 1024 is Anthropic's least, and none leaves thinking off), and
 * twice high's, 8192, for OpenAI's {@code xhigh}. The
 * budget counts within {@code max_tokens}: a client's bound keeps the budget under it (the API refuses a
 * bound of 1024 or less with thinking, in its own words); without one the default bound is the answer's,
 * and the budget is added to it. Anthropic refuses thinking with a forced tool choice (so with a JSON
 * answer too), a {@code temperature} or a {@code top_k}, in its own words, which reach the client.
 *
 * <p>A JSON answer ({@code response_format}) is emulated as well-known gateways do (LiteLLM, Vercel's AI
 * SDK): a tool whose input schema is the answer's, which the model must call, its input streamed back as
 * the answer's text (see {@link AnthropicTools}). It works on every Claude model that takes tools, where
 * Anthropic's own JSON outputs ({@code output_config.format}) exist on its newest models only, and the
 * gateway cannot tell which model a name stands for. Not honoured, so refused by name before any call:
 * {@code seed}, {@code presence_penalty}, {@code frequency_penalty} and {@code n}, which the API lacks,
 * {@code verbosity} and {@code prompt_cache_key}; and thinking in a tool loop whose assistant message
 * came back without its signed thinking ({@link TurnOptions#UNSIGNED_TOOL_LOOP}), which Anthropic refuses.
 */
record AnthropicApi(GatewayConfig.Anthropic config) implements ProviderApi {

  static final String VERSION = "2023-06-01";

  /** What {@link #body} maps: every ask but those the Messages API has no equivalent for. */
  private static final Set<String> HONOURED = Set.copyOf(TurnOptions.ALL_ASKS.stream()
      .filter(ask -> !Set.of("seed", "presence_penalty", "frequency_penalty", "n", "verbosity", "prompt_cache_key",
          TurnOptions.UNSIGNED_TOOL_LOOP).contains(ask)).toList());

  /** The thinking budget per {@code reasoning_effort}, in tokens. */
  private static final Map<String, Integer> BUDGETS = Map.of("minimal", 1024, "low", 1024, "medium", 2048, "high", 4096,
      "xhigh", 8192);
  private static final int LEAST_BUDGET = 1024;

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public RequestOptions request(String model) {
    return post("/v1/messages").putHeader("Accept", "text/event-stream");
  }

  /** A POST of JSON to {@code path} of the Messages API, with the version and the key. */
  private RequestOptions post(String path) {
    return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.baseUrl() + path)
        .putHeader("Content-Type", "application/json")
        .putHeader("anthropic-version", VERSION)
        .putHeader("x-api-key", config.apiKey());
  }

  @Override
  public Set<String> honours() {
    return HONOURED;
  }

  @Override
  public Buffer body(LlmRequest request, String model) {
    Integer budget = thinkingBudget(request.params());
    JsonObject body = input(request, model, budget != null);
    sampling(body, request.params());
    bounds(body, request.params(), budget);
    return body.put("stream", true).toBuffer();
  }

  /** The input as {@link #body} sends it, and thinking (which counts); count_tokens takes no bound or sampling. */
  @Override
  public TokenCount tokenCount(LlmRequest request, String model) {
    Integer budget = thinkingBudget(request.params());
    JsonObject body = input(request, model, budget != null);
    if (budget != null) {
      body.put("thinking", thinking(budget));
    }
    return new TokenCount(post("/v1/messages/count_tokens"), body.toBuffer(), "input_tokens");
  }

  /** The model, the conversation, the instructions, tools and tool choice. */
  private static JsonObject input(LlmRequest request, String model, boolean thinking) {
    JsonObject body = new JsonObject().put("model", model)
        .put("messages", AnthropicMessages.of(request.dialogue(), thinking));
    String system = request.systemPrompt();
    if (!system.isEmpty()) {
      body.put("system", system);
    }
    AnthropicTools.put(body, request.options());
    return body;
  }

  private static void sampling(JsonObject body, GenerationParams params) {
    putIfSet(body, "temperature", params.temperature());
    putIfSet(body, "top_p", params.topP());
    putIfSet(body, "top_k", params.topK());
    if (params.stop() != null) {
      body.put("stop_sequences", new JsonArray(new ArrayList<>(params.stop())));
    }
    if (params.endUser() != null) {
      body.put("metadata", new JsonObject().put("user_id", params.endUser()));
    }
  }

  /** {@code max_tokens}, and {@code thinking} ({@code budget}, when not null) inside it. */
  private void bounds(JsonObject body, GenerationParams params, Integer budget) {
    Integer asked = params.maxCompletionTokens() != null ? params.maxCompletionTokens() : params.maxTokens();
    if (budget == null) {
      body.put("max_tokens", asked != null ? asked : config.maxTokens());
      return;
    }
    int maxTokens = asked != null ? asked : config.maxTokens() + budget;
    body.put("max_tokens", maxTokens).put("thinking", thinking(Math.min(budget, maxTokens - 1)));
  }

  private static JsonObject thinking(int budget) {
    return new JsonObject().put("type", "enabled").put("budget_tokens", Math.max(LEAST_BUDGET, budget));
  }

  /** The thinking budget the request's reasoning effort asks for; null: thinking stays off. */
  private static Integer thinkingBudget(GenerationParams params) {
    return params.reasoningEffort() == null ? null : BUDGETS.get(params.reasoningEffort());
  }

  private static void putIfSet(JsonObject body, String name, Object value) {
    if (value != null) {
      body.put(name, value);
    }
  }

  @Override
  public StreamReader reader(LlmRequest request, ChunkSink sink, ProviderErrors errors) {
    return new AnthropicReader(sink, errors, AnthropicTools.answerTool(request.options()));
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
