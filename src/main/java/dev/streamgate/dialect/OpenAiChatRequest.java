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
 * A validated OpenAI {@code POST /v1/chat/completions} body, every field read: {@code messages} in full
 * ({@link OpenAiMessages}), {@code model}, {@code stream} and {@code stream_options}, the tools
 * ({@link OpenAiTools}) and the generation parameters, each checked against OpenAI's range. Fields
 * OpenAI has that no model here can honour (log probabilities, stored completions, audio…) are
 * accepted only with the value that asks nothing, and any other field is refused by name, as OpenAI
 * refuses it: nothing a client sends is dropped unseen.
 */
public record OpenAiChatRequest(String model, List<ChatMessage> messages, boolean stream, boolean includeUsage,
                                TurnOptions options) {

  private static final int MAX_MODEL_CHARS = 128;
  private static final Set<String> FIELDS = Set.of("model", "messages", "stream", "stream_options", "temperature",
      "top_p", "top_k", "n", "max_tokens", "max_completion_tokens", "stop", "seed", "presence_penalty",
      "frequency_penalty", "response_format", "reasoning_effort", "user", "parallel_tool_calls", "tools", "tool_choice",
      "logprobs", "top_logprobs", "logit_bias", "store", "metadata", "service_tier", "modalities", "verbosity",
      "prompt_cache_key", "safety_identifier");
  /** OpenAI's reasoning efforts ({@code xhigh}: its newest models' most). */
  static final List<String> EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");

  public static OpenAiChatRequest parse(JsonObject json, int maxMessageChars) {
    RequestFields body = RequestFields.of(json).only(FIELDS);
    String model = body.string("model");
    if (model != null && (model.isBlank() || model.length() > MAX_MODEL_CHARS
        || model.chars().anyMatch(OpenAiChatRequest::unprintable))) {
      throw body.invalid("model", "must be a non-empty string of at most " + MAX_MODEL_CHARS
          + " characters, without control characters");
    }
    JsonArray list = body.array("messages");
    if (list == null || list.isEmpty()) {
      throw body.invalid("messages", "must be a non-empty array");
    }
    List<ChatMessage> messages = OpenAiMessages.parse(list, maxMessageChars);
    RequestFields streamOptions = body.fields("stream_options");
    if (streamOptions != null) {
      streamOptions.only(Set.of("include_usage", "include_obfuscation")).bool("include_obfuscation");
    }
    boolean usage = streamOptions != null && Boolean.TRUE.equals(streamOptions.bool("include_usage"));
    askingNothing(body);
    List<Tool> tools = OpenAiTools.tools(body);
    return new OpenAiChatRequest(model, messages, Boolean.TRUE.equals(body.bool("stream")), usage,
        new TurnOptions(tools, OpenAiTools.toolChoice(body, tools), params(body)));
  }

  /**
   * The generation parameters, by OpenAI's names and ranges; {@code n: 1} and {@code parallel_tool_calls: true},
   * the defaults, ask nothing. Public: the native API reads the same parameters.
   */
  public static GenerationParams params(RequestFields body) {
    Integer n = body.smallInteger("n", 1, 128);
    Boolean parallel = body.bool("parallel_tool_calls");
    return new GenerationParams(body.number("temperature", 0, 2), body.number("top_p", 0, 1),
        body.smallInteger("top_k", 1, 1_000_000), body.smallInteger("max_tokens", 1, Integer.MAX_VALUE),
        body.smallInteger("max_completion_tokens", 1, Integer.MAX_VALUE), stop(body),
        body.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE), body.number("presence_penalty", -2, 2),
        body.number("frequency_penalty", -2, 2), OpenAiTools.responseFormat(body), body.oneOf("reasoning_effort", EFFORTS),
        body.string("user"), n == null || n == 1 ? null : n, Boolean.TRUE.equals(parallel) ? null : parallel,
        verbosity(body), body.string("prompt_cache_key"), body.string("safety_identifier"));
  }

  /** {@code verbosity}: low or high; medium, OpenAI's default, asks nothing. */
  static String verbosity(RequestFields body) {
    String verbosity = body.oneOf("verbosity", List.of("low", "medium", "high"));
    return "medium".equals(verbosity) ? null : verbosity;
  }

  /** {@code stop}: a string or up to 4 of them, none empty. */
  private static List<String> stop(RequestFields body) {
    Object value = body.json().getValue("stop");
    if (value == null) {
      return null;
    }
    List<Object> stops = value instanceof JsonArray array ? array.getList() : List.of(value);
    if (stops.isEmpty() || stops.size() > 4
        || !stops.stream().allMatch(stop -> stop instanceof String text && !text.isEmpty())) {
      throw body.invalid("stop", "must be a non-empty string or an array of 1 to 4 of them");
    }
    return stops.stream().map(String.class::cast).toList();
  }

  /**
   * OpenAI's fields that no provider here takes, accepted with the value that asks nothing (clients
   * send defaults): {@code logprobs: false}, no {@code top_logprobs}, an empty {@code logit_bias},
   * {@code store: false} without {@code metadata}, {@code service_tier} auto or default, text-only
   * {@code modalities}.
   */
  private static void askingNothing(RequestFields body) {
    if (Boolean.TRUE.equals(body.bool("logprobs")) || body.has("top_logprobs")) {
      throw body.invalid(body.has("top_logprobs") ? "top_logprobs" : "logprobs",
          "is not supported: Streamgate relays no log probabilities");
    }
    JsonObject bias = body.object("logit_bias");
    if (bias != null && !bias.isEmpty()) {
      throw body.invalid("logit_bias", "is not supported: not every provider takes token biases");
    }
    JsonObject metadata = body.object("metadata");
    if (Boolean.TRUE.equals(body.bool("store")) || metadata != null && !metadata.isEmpty()) {
      throw body.invalid(Boolean.TRUE.equals(body.bool("store")) ? "store" : "metadata",
          "is not supported: completions are not stored here (a native session keeps a conversation)");
    }
    body.oneOf("service_tier", List.of("auto", "default"));
    JsonArray modalities = body.array("modalities");
    if (modalities != null && !modalities.getList().equals(List.of("text"))) {
      throw body.invalid("modalities", "must be [\"text\"]: Streamgate streams text");
    }
  }

  /** A model name never holds a control character or line separator: it must not break a log line or a header. */
  private static boolean unprintable(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
