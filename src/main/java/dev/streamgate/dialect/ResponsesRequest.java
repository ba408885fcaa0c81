package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * A validated OpenAI {@code POST /v1/responses} body, every field read: {@code input} ({@link ResponsesInput}),
 * {@code instructions} (this turn's system prompt: not kept for a turn that continues it, as OpenAI does),
 * {@code tools} (functions), {@code tool_choice} and {@code text.format} ({@link ResponsesTools}),
 * {@code parallel_tool_calls}, {@code temperature}, {@code top_p}, {@code max_output_tokens},
 * {@code reasoning.effort}, {@code user}, {@code stream}, {@code store} (true unless said),
 * {@code previous_response_id}, {@code background}, {@code metadata} (kept with the response) and
 * {@code include}, which may ask for {@code reasoning.encrypted_content} ({@code sealing}: reasoning items
 * carry their reasoning sealed, {@link ThinkingBlocks#sealed}). Any unknown field is refused by name.
 *
 * <p>{@code request} is the part of the response object that repeats the request (its model,
 * instructions, tools, parameters, metadata…), as a response shows it ({@link ResponsesEcho}).
 */
public record ResponsesRequest(String model, List<ChatMessage> input, boolean stream,
                               boolean store, boolean background, String previousResponseId, TurnOptions options,
                               boolean sealing, JsonObject request) {

  private static final Set<String> FIELDS = Set.of("model", "input", "instructions", "tools", "tool_choice",
      "parallel_tool_calls", "temperature", "top_p", "max_output_tokens", "text", "reasoning", "user", "stream",
      "store", "previous_response_id", "background", "metadata", "truncation", "include", "service_tier",
      "stream_options", "top_logprobs", "max_tool_calls", "prompt_cache_key", "safety_identifier");
  private static final int MAX_MODEL_CHARS = 128;
  static final String SEALED_REASONING = "reasoning.encrypted_content";

  public static ResponsesRequest parse(JsonObject json, int maxMessageChars) {
    RequestFields body = RequestFields.of(json).only(FIELDS);
    String model = model(body);
    askingNothing(body);
    ResponsesInput input = ResponsesInput.read(body, maxMessageChars);
    boolean store = !Boolean.FALSE.equals(body.bool("store"));
    boolean background = Boolean.TRUE.equals(body.bool("background"));
    if (background && !store) {
      throw body.invalid("background", "needs 'store': a response run in the background is read back later");
    }
    String previous = body.string("previous_response_id");
    if (previous != null && !previous.startsWith("resp_")) {
      throw body.invalid("previous_response_id", "must be the id of a response, 'resp_…'");
    }
    if (previous == null) {
      input.checkOutputs();
    }
    List<Tool> tools = ResponsesTools.tools(body);
    ToolChoice choice = ResponsesTools.toolChoice(body, tools);
    GenerationParams params = params(body);
    return new ResponsesRequest(model, input.messages(), Boolean.TRUE.equals(body.bool("stream")), store, background,
        previous, new TurnOptions(tools, choice, params, body.string("instructions")), sealing(body),
        ResponsesEcho.of(body, store, background));
  }

  /** The model asked for; null: the gateway's default. */
  private static String model(RequestFields body) {
    String model = body.string("model");
    if (model != null && (model.isBlank() || model.length() > MAX_MODEL_CHARS
        || model.chars().anyMatch(Character::isISOControl))) {
      throw body.invalid("model", "must be a non-empty string of at most " + MAX_MODEL_CHARS + " characters");
    }
    return model;
  }

  /** The generation parameters, by the Responses API's names; {@code parallel_tool_calls: true} asks nothing. */
  private static GenerationParams params(RequestFields body) {
    RequestFields reasoning = body.fields("reasoning");
    String effort = null;
    if (reasoning != null) {
      reasoning.only(Set.of("effort", "summary", "generate_summary"));
      effort = reasoning.oneOf("effort", OpenAiChatRequest.EFFORTS);
      reasoning.oneOf("summary", List.of("auto", "concise", "detailed"));
    }
    Boolean parallel = body.bool("parallel_tool_calls");
    RequestFields text = body.fields("text");
    return new GenerationParams(body.number("temperature", 0, 2), body.number("top_p", 0, 1), null,
        body.smallInteger("max_output_tokens", 1, Integer.MAX_VALUE), null, null, null, null, null,
        ResponsesTools.textFormat(body), effort, body.string("user"), null,
        Boolean.TRUE.equals(parallel) ? null : parallel,
        text == null ? null : OpenAiChatRequest.verbosity(text),
        body.string("prompt_cache_key"), body.string("safety_identifier"));
  }

  /** True when {@code include} asks for reasoning's encrypted content: all it can ask for here. */
  private static boolean sealing(RequestFields body) {
    JsonArray include = body.array("include");
    for (int i = 0; include != null && i < include.size(); i++) {
      if (!SEALED_REASONING.equals(include.getValue(i))) {
        throw body.invalid("include", "has '" + include.getValue(i) + "'; a response here can include '"
            + SEALED_REASONING + "' only (no log probabilities, search results or image URLs)");
      }
    }
    return include != null && !include.isEmpty();
  }

  /** Fields OpenAI has that ask nothing here when left at their default. */
  private static void askingNothing(RequestFields body) {
    body.oneOf("truncation", List.of("disabled"));
    body.oneOf("service_tier", List.of("auto", "default"));
    Long logprobs = body.integer("top_logprobs", 0, 20);
    if (logprobs != null && logprobs > 0) {
      throw body.invalid("top_logprobs", "is not supported: Streamgate relays no log probabilities");
    }
    if (body.has("max_tool_calls")) {
      throw body.invalid("max_tool_calls", "is not supported by this gateway");
    }
    RequestFields options = body.fields("stream_options");
    if (options != null) {
      options.only(Set.of("include_obfuscation")).bool("include_obfuscation");
    }
    RequestFields metadata = body.fields("metadata");
    if (metadata != null && (metadata.json().size() > 16
        || !metadata.json().stream().allMatch(e -> e.getValue() instanceof String text && text.length() <= 512))) {
      throw body.invalid("metadata", "must map at most 16 keys to strings of at most 512 characters");
    }
  }
}
