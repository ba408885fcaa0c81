package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a client asked of a turn besides its messages: the tools the model may call, whether it may,
 * must or must not call one ({@code toolChoice}, null when not said), the generation parameters, and
 * {@code instructions}: a system prompt for this turn alone, sent before the conversation and kept
 * nowhere (the Responses API's; null when none). JSON: {@code tools} (as {@link Tool} writes them),
 * {@code tool_choice}, {@code instructions}, and the parameters' own fields ({@link GenerationParams}).
 */
public record TurnOptions(List<Tool> tools, ToolChoice toolChoice, GenerationParams params, String instructions) {

  public static final TurnOptions NONE = new TurnOptions(List.of(), null, GenerationParams.NONE);

  public TurnOptions(List<Tool> tools, ToolChoice toolChoice, GenerationParams params) {
    this(tools, toolChoice, params, null);
  }

  /** The messages a model is sent for a turn of {@code conversation}: this turn's instructions first, if any. */
  public List<ChatMessage> prompt(List<ChatMessage> conversation) {
    if (instructions == null || instructions.isEmpty()) {
      return conversation;
    }
    List<ChatMessage> messages = new ArrayList<>(conversation.size() + 1);
    messages.add(new ChatMessage(ChatMessage.SYSTEM, instructions, null, false));
    messages.addAll(conversation);
    return messages;
  }

  /** What an image given by URL, or as data, asks of a provider. */
  public static final String IMAGE_URL = "image_url";
  public static final String IMAGE_DATA = "image_data";

  /**
   * What a turn asks that thinks ({@code reasoning_effort}) in a tool loop whose assistant message, the
   * one whose calls the loop answers, came back without the signed thinking it was given: Anthropic,
   * which must have it back then, cannot honour it.
   */
  public static final String UNSIGNED_TOOL_LOOP = "reasoning_effort_unsigned_loop";

  /** Everything a turn may ask ({@link #asks}). */
  public static final Set<String> ALL_ASKS = Stream.concat(GenerationParams.NAMES.stream(),
      Stream.of("tools", "tool_choice", IMAGE_URL, IMAGE_DATA, UNSIGNED_TOOL_LOOP))
      .collect(Collectors.toUnmodifiableSet());

  /**
   * What a turn of {@code messages} with these options asks of a provider beyond text, by name: each
   * parameter set (its OpenAI name), {@code tools}, {@code tool_choice}, and {@link #IMAGE_URL} or
   * {@link #IMAGE_DATA} when a message holds such an image, {@link #UNSIGNED_TOOL_LOOP}. A provider that
   * cannot honour one refuses the turn naming it.
   */
  public List<String> asks(List<ChatMessage> messages) {
    List<String> asks = new ArrayList<>(params.names());
    if (!tools.isEmpty()) {
      asks.add("tools");
    }
    if (toolChoice != null) {
      asks.add("tool_choice");
    }
    List<ContentPart> images = messages.stream().flatMap(m -> m.parts().stream()).filter(p -> !p.isText()).toList();
    if (images.stream().anyMatch(image -> !image.inline())) {
      asks.add(IMAGE_URL);
    }
    if (images.stream().anyMatch(ContentPart::inline)) {
      asks.add(IMAGE_DATA);
    }
    String effort = params.reasoningEffort();
    if (effort != null && !effort.equals("none") && unsignedToolLoop(messages)) {
      asks.add(UNSIGNED_TOOL_LOOP);
    }
    return asks;
  }

  /** True when {@code messages} end with tool results whose calls' message has no signed thinking. */
  private static boolean unsignedToolLoop(List<ChatMessage> messages) {
    int last = messages.size() - 1;
    if (last < 0 || !ChatMessage.TOOL.equals(messages.get(last).role())) {
      return false;
    }
    while (last >= 0 && ChatMessage.TOOL.equals(messages.get(last).role())) {
      last--;
    }
    ChatMessage calls = last < 0 ? null : messages.get(last);
    return calls != null && !calls.toolCalls().isEmpty()
        && calls.thinking().stream().noneMatch(ChatMessage.Thinking::anthropics);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    tools.forEach(tool -> list.add(tool.toJson()));
    return params.toJson().put("tools", list).put("tool_choice", toolChoice == null ? null : toolChoice.toJson())
        .put("instructions", instructions);
  }

  public static TurnOptions fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    JsonArray list = json.getJsonArray("tools", new JsonArray());
    return new TurnOptions(list.stream().map(tool -> Tool.fromJson((JsonObject) tool)).toList(),
        ToolChoice.fromJson(json.getValue("tool_choice")), GenerationParams.fromJson(json), json.getString("instructions"));
  }
}
