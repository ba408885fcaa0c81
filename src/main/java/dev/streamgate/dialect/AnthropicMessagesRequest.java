package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated Anthropic {@code POST /v1/messages} body, every field read and mapped onto the turn:
 * {@code system} (a string or text blocks), {@code messages} of content blocks (text, image by
 * base64 or URL, {@code tool_use}, {@code tool_result} (each becomes a tool message; an error result's
 * text is marked "Error: "), {@code thinking}), {@code tools} ({@code input_schema}), {@code tool_choice}
 * (auto, any, tool, none; {@code disable_parallel_tool_use}), {@code max_tokens} (required, as Anthropic
 * requires it), {@code temperature}, {@code top_p}, {@code top_k}, {@code stop_sequences},
 * {@code thinking} (its budget as a reasoning effort: under 4,096 tokens low, under 16,384 medium, else
 * high; adaptive thinking medium), {@code metadata.user_id} and {@code stream}. A model's earlier reasoning ({@code thinking}
 * blocks sent back) is accepted and not sent on: no other provider takes it, and it is not part of the
 * conversation's text. {@code cache_control} marks are accepted: they steer Anthropic's prompt cache,
 * not the answer. Any other field or block type is refused by name, as Anthropic refuses it.
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
    List<ChatMessage> messages = new ArrayList<>(system(body));
    JsonArray list = body.array("messages");
    if (list == null || list.isEmpty()) {
      throw body.invalid("messages", "must be a non-empty array");
    }
    new Messages(maxMessageChars).read(list, messages);
    List<Tool> tools = tools(body);
    RequestFields choice = body.fields("tool_choice");
    ToolChoice toolChoice = toolChoice(choice, tools);
    Boolean parallel = choice != null && Boolean.TRUE.equals(choice.bool("disable_parallel_tool_use")) ? false : null;
    RequestFields metadata = body.fields("metadata");
    String user = metadata == null ? null : metadata.only(Set.of("user_id")).string("user_id");
    GenerationParams params = new GenerationParams(body.number("temperature", 0, 1), body.number("top_p", 0, 1),
        body.smallInteger("top_k", 1, 1_000_000), maxTokens.intValue(), null, stops(body), null, null, null, null,
        effort(body), user, null, parallel);
    return new AnthropicMessagesRequest(model, List.copyOf(messages), Boolean.TRUE.equals(body.bool("stream")),
        new TurnOptions(tools, toolChoice, params));
  }

  private static List<ChatMessage> system(RequestFields body) {
    Object system = body.json().getValue("system");
    if (system == null) {
      return List.of();
    }
    if (system instanceof String text) {
      return text.isEmpty() ? List.of() : List.of(new ChatMessage(ChatMessage.SYSTEM, text, null, false));
    }
    if (!(system instanceof JsonArray blocks)) {
      throw body.invalid("system", "must be a string or an array of text blocks");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      RequestFields block = RequestFields.element(blocks, i, body.path("system"));
      if (!"text".equals(block.string("type"))) {
        throw block.invalid("type", "must be 'text': a system prompt is text");
      }
      block.only(Set.of("type", "text", "cache_control", "citations"));
      text.append(i == 0 ? "" : "\n\n").append(block.requiredString("text"));
    }
    return List.of(new ChatMessage(ChatMessage.SYSTEM, text.toString(), null, false));
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

  private static List<Tool> tools(RequestFields body) {
    JsonArray list = body.array("tools");
    if (list == null) {
      return List.of();
    }
    List<Tool> tools = new ArrayList<>(list.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      RequestFields tool = RequestFields.element(list, i, body.path("tools"));
      String type = tool.string("type");
      if (type != null && !type.equals("custom")) {
        throw tool.invalid("type", "is '" + type + "'; Anthropic's server tools run at Anthropic only: give a"
            + " custom tool (name, description, input_schema)");
      }
      tool.only(Set.of("type", "name", "description", "input_schema", "cache_control"));
      String name = tool.requiredString("name");
      if (!names.add(name)) {
        throw tool.invalid("name", "is '" + name + "', the name of an earlier tool; each tool needs its own");
      }
      JsonObject schema = tool.object("input_schema");
      if (schema == null || schema.containsKey("type") && !"object".equals(schema.getValue("type"))) {
        throw tool.invalid("input_schema", "is required: the JSON schema of an object");
      }
      tools.add(new Tool(name, tool.string("description"), schema, null));
    }
    return List.copyOf(tools);
  }

  private static ToolChoice toolChoice(RequestFields choice, List<Tool> tools) {
    if (choice == null) {
      return null;
    }
    choice.only(Set.of("type", "name", "disable_parallel_tool_use"));
    String type = choice.oneOf("type", List.of("auto", "any", "tool", "none"));
    if (type == null) {
      throw choice.invalid("type", "is required: 'auto', 'any', 'tool' or 'none'");
    }
    if (!type.equals("auto") && !type.equals("none") && tools.isEmpty()) {
      throw choice.invalid("type", "asks for a tool call, but the request has no tools");
    }
    return switch (type) {
      case "any" -> new ToolChoice(ToolChoice.REQUIRED, null);
      case "tool" -> {
        String name = choice.requiredString("name");
        if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
          throw choice.invalid("name", "is '" + name + "', which is not one of the request's tools");
        }
        yield new ToolChoice(ToolChoice.FUNCTION, name);
      }
      default -> new ToolChoice(type, null);
    };
  }

  /** The conversation: Anthropic's turns of blocks, as the turn's messages (a tool result is a message of its own). */
  private static final class Messages {
    private final int maxChars;
    private final Set<String> calls = new HashSet<>();

    Messages(int maxChars) {
      this.maxChars = maxChars;
    }

    void read(JsonArray list, List<ChatMessage> messages) {
      for (int i = 0; i < list.size(); i++) {
        RequestFields message = RequestFields.element(list, i, "messages").only(Set.of("role", "content"));
        String role = message.oneOf("role", List.of(ChatMessage.USER, ChatMessage.ASSISTANT));
        if (role == null) {
          throw message.invalid("role", "is required: 'user' or 'assistant'");
        }
        Object content = message.json().getValue("content");
        if (content instanceof String text) {
          messages.add(checked(message, new ChatMessage(role, text, null, false)));
        } else if (content instanceof JsonArray blocks) {
          blocks(message, role, blocks, messages);
        } else {
          throw message.invalid("content", "must be a string or an array of content blocks");
        }
      }
    }

    private void blocks(RequestFields message, String role, JsonArray blocks, List<ChatMessage> messages) {
      List<ContentPart> parts = new ArrayList<>();
      List<ToolCall> toolCalls = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        RequestFields block = RequestFields.element(blocks, i, message.path("content"));
        String type = block.string("type");
        switch (type == null ? "" : type) {
          case "text" -> parts.add(ContentPart.text(text(block)));
          case "image" -> parts.add(image(block, role));
          case "tool_use" -> toolCalls.add(toolUse(block, role));
          case "tool_result" -> messages.add(toolResult(block, role));
          case "thinking", "redacted_thinking" -> reasoning(block, role);
          default -> throw block.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'")
              + "; a content block here is text, image, tool_use, tool_result or thinking");
        }
      }
      if (!parts.isEmpty() || !toolCalls.isEmpty()) {
        messages.add(checked(message, new ChatMessage(role, parts, List.copyOf(toolCalls), null, null, false)));
      }
    }

    private static String text(RequestFields block) {
      block.only(Set.of("type", "text", "cache_control", "citations"));
      JsonArray citations = block.array("citations");
      if (citations != null && !citations.isEmpty()) {
        throw block.invalid("citations", "cannot be sent back: no model takes a citation as input");
      }
      String text = block.string("text");
      if (text == null) {
        throw block.invalid("text", "is required: a string");
      }
      return text;
    }

    private static ContentPart image(RequestFields block, String role) {
      if (!ChatMessage.USER.equals(role)) {
        throw block.invalid("type", "is 'image'; an image comes from the user");
      }
      block.only(Set.of("type", "source", "cache_control"));
      RequestFields source = block.fields("source");
      if (source == null) {
        throw block.invalid("source", "is required: {type: base64, media_type, data} or {type: url, url}");
      }
      String type = source.oneOf("type", List.of("base64", "url"));
      if ("url".equals(type)) {
        source.only(Set.of("type", "url"));
        return ContentPart.image(ImageSources.check(source.requiredString("url"), source.path("url")), null);
      }
      if (type == null) {
        throw source.invalid("type", "is required: 'base64' or 'url'");
      }
      source.only(Set.of("type", "media_type", "data"));
      String url = "data:" + source.requiredString("media_type") + ";base64," + source.requiredString("data");
      return ContentPart.image(ImageSources.check(url, source.path("data")), null);
    }

    private ToolCall toolUse(RequestFields block, String role) {
      if (!ChatMessage.ASSISTANT.equals(role)) {
        throw block.invalid("type", "is 'tool_use'; a tool call comes from the assistant");
      }
      block.only(Set.of("type", "id", "name", "input", "cache_control"));
      String id = block.requiredString("id");
      calls.add(id);
      JsonObject input = block.object("input");
      return new ToolCall(id, block.requiredString("name"), (input == null ? new JsonObject() : input).encode());
    }

    /** A tool's result, which must answer an earlier call; an error's text is marked so the model knows. */
    private ChatMessage toolResult(RequestFields block, String role) {
      if (!ChatMessage.USER.equals(role)) {
        throw block.invalid("type", "is 'tool_result'; a tool's result comes from the user");
      }
      block.only(Set.of("type", "tool_use_id", "content", "is_error", "cache_control"));
      String id = block.requiredString("tool_use_id");
      if (!calls.contains(id)) {
        throw block.invalid("tool_use_id", "is '" + id + "', which no earlier assistant message's tool_use has");
      }
      Object content = block.json().getValue("content");
      StringBuilder text = new StringBuilder(Boolean.TRUE.equals(block.bool("is_error")) ? "Error: " : "");
      if (content instanceof String string) {
        text.append(string);
      } else if (content instanceof JsonArray blocks) {
        for (int i = 0; i < blocks.size(); i++) {
          RequestFields part = RequestFields.element(blocks, i, block.path("content"));
          if (!"text".equals(part.string("type"))) {
            throw part.invalid("type", "must be 'text': a tool result reaches every provider as text");
          }
          text.append(text(part));
        }
      } else if (content != null) {
        throw block.invalid("content", "must be a string or an array of text blocks");
      }
      return new ChatMessage(ChatMessage.TOOL, text.isEmpty() ? List.of() : List.of(ContentPart.text(text.toString())),
          List.of(), id, null, false);
    }

    private static void reasoning(RequestFields block, String role) {
      if (!ChatMessage.ASSISTANT.equals(role)) {
        throw block.invalid("type", "is a thinking block; thinking comes from the assistant");
      }
      block.only(Set.of("type", "thinking", "signature", "data"));
    }

    private ChatMessage checked(RequestFields message, ChatMessage parsed) {
      int chars = parsed.parts().stream().filter(ContentPart::isText).mapToInt(part -> part.text().length()).sum();
      if (chars > maxChars) {
        throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, "'" + message.path("content") + "' has " + chars
            + " characters; the limit is " + maxChars);
      }
      return parsed;
    }
  }
}
