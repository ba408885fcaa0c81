package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A validated Anthropic {@code POST /v1/messages} body, every field read and mapped onto the turn:
 * {@code system} and {@code messages} ({@link AnthropicMessagesInput}), {@code tools} and {@code tool_choice}
 * ({@link AnthropicMessagesTools}), {@code max_tokens} (required, as Anthropic requires it), {@code temperature},
 * {@code top_p}, {@code top_k}, {@code stop_sequences}, {@code thinking} (its budget as a reasoning effort:
 * under 4,096 tokens low, under 16,384 medium, else high; adaptive thinking medium),
 * {@code metadata.user_id} and {@code stream}. {@code cache_control} marks are accepted: they steer
 * Anthropic's prompt cache, not the answer. Any other field or block type is refused by name, as
 * Anthropic refuses it.
 */
public record AnthropicMessagesRequest(String model, List<ChatMessage> messages, boolean stream, TurnOptions options) {

  private static final Set<String> FIELDS = Set.of("model", "messages", "system", "max_tokens", "temperature", "top_p",
      "top_k", "stop_sequences", "stream", "tools", "tool_choice", "thinking", "metadata", "service_tier");
  private static final int MAX_MODEL_CHARS = 128;

  public static AnthropicMessagesRequest parse(JsonObject json, int maxMessageChars) {
    RequestFields body = RequestFields.of(json).only(FIELDS);
    String model = body.requiredString("model");
    if (model.length() > MAX_MODEL_CHARS || model.chars().anyMatch(Character::isISOControl)) {
      throw body.invalid("model", "must be a model name of at most " + MAX_MODEL_CHARS + " characters");
    }
    Long maxTokens = body.integer("max_tokens", 1, Integer.MAX_VALUE);
    if (maxTokens == null) {
      throw body.invalid("max_tokens", "is required: the most tokens the answer may have");
    }
    body.oneOf("service_tier", List.of("auto", "standard_only"));
    List<ChatMessage> messages = AnthropicMessagesInput.parse(body, maxMessageChars);
    List<Tool> tools = AnthropicMessagesTools.tools(body);
    TurnOptions options = new TurnOptions(tools, AnthropicMessagesTools.toolChoice(body, tools),
        params(body, maxTokens.intValue()));
    return new AnthropicMessagesRequest(model, messages, Boolean.TRUE.equals(body.bool("stream")), options);
  }

  /** The generation parameters, by Anthropic's names and ranges; {@code metadata.user_id} is the user. */
  private static GenerationParams params(RequestFields body, int maxTokens) {
    Boolean parallel = AnthropicMessagesTools.parallel(body);
    RequestFields metadata = body.fields("metadata");
    String user = metadata == null ? null : metadata.only(Set.of("user_id")).string("user_id");
    return new GenerationParams(body.number("temperature", 0, 1), body.number("top_p", 0, 1),
        body.smallInteger("top_k", 1, 1_000_000), maxTokens, null, stops(body), null, null, null, null,
        effort(body), user, null, parallel, null, null, null);
  }

  private static List<String> stops(RequestFields body) {
    JsonArray list = body.array("stop_sequences");
    if (list == null) {
      return null;
    }
    if (list.isEmpty() || !list.stream().allMatch(stop -> stop instanceof String text && !text.isEmpty())) {
      throw body.invalid("stop_sequences", "must be an array of non-empty strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** {@code thinking}: enabled with a budget (an effort here), or disabled. */
  private static String effort(RequestFields body) {
    RequestFields thinking = body.fields("thinking");
    if (thinking == null) {
      return null;
    }
    thinking.only(Set.of("type", "budget_tokens"));
    String type = thinking.oneOf("type", List.of("enabled", "adaptive", "disabled"));
    if (type == null) {
      throw thinking.invalid("type", "is required: 'enabled', 'adaptive' or 'disabled'");
    }
    if (!type.equals("enabled")) {
      return type.equals("adaptive") ? "medium" : null;
    }
    Long budget = thinking.integer("budget_tokens", 1024, Integer.MAX_VALUE);
    if (budget == null) {
      throw thinking.invalid("budget_tokens", "is required when thinking is enabled: at least 1024");
    }
    return budget < 4096 ? "low" : budget < 16_384 ? "medium" : "high";
  }
}
