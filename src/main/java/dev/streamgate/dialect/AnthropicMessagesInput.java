package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An Anthropic request's conversation as the turn's messages: {@code system} (a string or text blocks)
 * first, then {@code messages}, each a string or content blocks: text, image (base64 or URL),
 * {@code tool_use}, {@code tool_result} (a message of its own, which must answer an earlier call; an
 * error result's text is marked "Error: ") and {@code thinking}, a model's earlier reasoning, kept with
 * its message (each provider takes back what it can) and not part of the conversation's text.
 */
final class AnthropicMessagesInput {

  private final int maxChars;
  private final Set<String> calls = new HashSet<>();

  private AnthropicMessagesInput(int maxChars) {
    this.maxChars = maxChars;
  }

  /** The system prompt and the body's {@code messages}; a message's text may have up to {@code maxChars} characters. */
  static List<ChatMessage> parse(RequestFields body, int maxChars) {
    List<ChatMessage> messages = new ArrayList<>(system(body));
    JsonArray list = body.array("messages");
    if (list == null || list.isEmpty()) {
      throw body.invalid("messages", "must be a non-empty array");
    }
    new AnthropicMessagesInput(maxChars).read(list, messages);
    return List.copyOf(messages);
  }

  /** {@code system}: a string, or text blocks joined by blank lines, as the first message. */
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

  private void read(JsonArray list, List<ChatMessage> messages) {
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
    List<ChatMessage.Thinking> thinking = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      RequestFields block = RequestFields.element(blocks, i, message.path("content"));
      String type = block.string("type");
      switch (type == null ? "" : type) {
        case "text" -> parts.add(ContentPart.text(text(block)));
        case "image" -> parts.add(image(block, role));
        case "tool_use" -> toolCalls.add(toolUse(block, role));
        case "tool_result" -> messages.add(toolResult(block, role));
        case "thinking", "redacted_thinking" -> reasoning(block, role).ifPresent(thinking::add);
        default -> throw block.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'")
            + "; a content block here is text, image, tool_use, tool_result or thinking");
      }
    }
    if (!parts.isEmpty() || !toolCalls.isEmpty()) {
      messages.add(checked(message, new ChatMessage(role, parts, List.copyOf(toolCalls), null, null, false,
          List.copyOf(thinking))));
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

  /** A thinking block sent back ({@link ThinkingBlocks#read}): it comes from the assistant. */
  private static Optional<ChatMessage.Thinking> reasoning(RequestFields block, String role) {
    if (!ChatMessage.ASSISTANT.equals(role)) {
      throw block.invalid("type", "is a thinking block; thinking comes from the assistant");
    }
    return ThinkingBlocks.read(block);
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
