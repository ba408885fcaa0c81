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
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's chat messages, read in full: the roles system, developer, user, assistant and tool; content
 * as a string or as parts (text; images by URL or as base64 data URLs for a user); an assistant's
 * {@code tool_calls} and earlier reasoning ({@code reasoning_content}, as this API streams it, or
 * {@code reasoning}, OpenRouter's name: DeepSeek wants it back on a message that called tools;
 * {@code thinking_blocks} (LiteLLM's) or {@code reasoning_details} (OpenRouter's), Anthropic's, signed);
 * a tool result's {@code tool_call_id}, which must answer a call made before it.
 * A field or part that reaches no model is refused by name; a field that is null asks nothing and is
 * passed over (clients echo back answers with {@code "refusal": null}).
 */
public final class OpenAiMessages {

  private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool");
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "system", Set.of("role", "content"),
      "developer", Set.of("role", "content"),
      "user", Set.of("role", "content"),
      "assistant", Set.of("role", "content", "tool_calls", "refusal", "annotations", "reasoning_content",
          "reasoning", "thinking_blocks", "reasoning_details"),
      "tool", Set.of("role", "content", "tool_call_id"));

  private final int maxChars;
  private final Set<String> calls = new HashSet<>();

  private OpenAiMessages(int maxChars) {
    this.maxChars = maxChars;
  }

  /** {@code list}, the request's {@code messages}; a message's text may have up to {@code maxChars} characters. */
  public static List<ChatMessage> parse(JsonArray list, int maxChars) {
    OpenAiMessages messages = new OpenAiMessages(maxChars);
    List<ChatMessage> parsed = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      parsed.add(messages.message(RequestFields.element(list, i, "messages")));
    }
    return List.copyOf(parsed);
  }

  private ChatMessage message(RequestFields message) {
    String role = message.oneOf("role", ROLES);
    if (role == null) {
      throw message.invalid("role", "is required: one of '" + String.join("', '", ROLES) + "'");
    }
    message.only(FIELDS.get(role));
    List<ContentPart> parts = content(message, role);
    int chars = parts.stream().filter(ContentPart::isText).mapToInt(part -> part.text().length()).sum();
    if (chars > maxChars) {
      throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, "'" + message.path("content") + "' has " + chars
          + " characters; the limit is " + maxChars);
    }
    return switch (role) {
      case "assistant" -> assistant(message, parts);
      case "tool" -> toolResult(message, parts);
      default -> new ChatMessage(role, parts, List.of(), null, null, false);
    };
  }

  /** An assistant's turn: text (a refusal is its text), tool calls, or both. */
  private ChatMessage assistant(RequestFields message, List<ContentPart> parts) {
    JsonArray annotations = message.array("annotations");
    if (annotations != null && !annotations.isEmpty()) {
      throw message.invalid("annotations", "cannot be sent back: no model takes a citation as input");
    }
    String refusal = message.string("refusal");
    List<ContentPart> text = parts.isEmpty() && refusal != null ? List.of(ContentPart.text(refusal)) : parts;
    List<ToolCall> toolCalls = toolCalls(message);
    if (text.isEmpty() && toolCalls.isEmpty() && !message.has("content")) {
      throw message.invalid("content", "is required unless the message has tool_calls");
    }
    return new ChatMessage(ChatMessage.ASSISTANT, text, toolCalls, null, null, false, thinking(message));
  }

  /**
   * An assistant's earlier reasoning: its {@code thinking_blocks} when it has any (Anthropic's, signed,
   * as this dialect writes them; {@code reasoning_content} then holds the same text), else its
   * {@code reasoning_details} ({@link ReasoningDetails}), else its {@code reasoning_content} (or
   * {@code reasoning}).
   */
  private static List<ChatMessage.Thinking> thinking(RequestFields message) {
    JsonArray blocks = message.array("thinking_blocks");
    if (blocks != null && !blocks.isEmpty()) {
      List<ChatMessage.Thinking> thinking = new ArrayList<>();
      for (int i = 0; i < blocks.size(); i++) {
        ThinkingBlocks.read(RequestFields.element(blocks, i, message.path("thinking_blocks"))).ifPresent(thinking::add);
      }
      return List.copyOf(thinking);
    }
    List<ChatMessage.Thinking> details = ReasoningDetails.read(message);
    if (!details.isEmpty()) {
      return details;
    }
    String reasoning = message.string("reasoning_content");
    if (reasoning == null) {
      reasoning = message.string("reasoning");
    }
    return reasoning == null || reasoning.isEmpty() ? List.of() : List.of(ChatMessage.Thinking.unsigned(reasoning));
  }

  private List<ToolCall> toolCalls(RequestFields message) {
    JsonArray list = message.array("tool_calls");
    if (list == null) {
      return List.of();
    }
    List<ToolCall> toolCalls = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      RequestFields call = RequestFields.element(list, i, message.path("tool_calls"))
          .only(Set.of("id", "type", "function"));
      call.oneOf("type", List.of("function"));
      RequestFields function = call.fields("function");
      if (function == null) {
        throw call.invalid("function", "is required: {name, arguments}");
      }
      function.only(Set.of("name", "arguments"));
      String id = call.requiredString("id");
      calls.add(id);
      toolCalls.add(new ToolCall(id, function.requiredString("name"), arguments(function)));
    }
    return List.copyOf(toolCalls);
  }

  /**
   * A call's arguments: a JSON object as text (absent: none), which APIs other than OpenAI's take as an
   * object, so one that is not is refused here rather than by a provider later.
   */
  private static String arguments(RequestFields function) {
    String arguments = function.string("arguments");
    if (arguments == null || arguments.isBlank()) {
      return "{}";
    }
    try {
      new JsonObject(arguments);
    } catch (RuntimeException notAnObject) {
      throw function.invalid("arguments", "must be a JSON object, as text");
    }
    return arguments;
  }

  /** A tool's result: it answers a call an assistant message made before it. */
  private ChatMessage toolResult(RequestFields message, List<ContentPart> parts) {
    String id = message.requiredString("tool_call_id");
    if (!calls.contains(id)) {
      throw message.invalid("tool_call_id", "is '" + id + "', which no earlier assistant message's tool_calls has");
    }
    return new ChatMessage(ChatMessage.TOOL, parts, List.of(), id, null, false);
  }

  /** A string, or parts: text for every role, images for a user's message. Null or absent is no content. */
  private List<ContentPart> content(RequestFields message, String role) {
    Object content = message.json().getValue("content");
    if (content == null) {
      return List.of();
    }
    if (content instanceof String text) {
      return text.isEmpty() ? List.of() : List.of(ContentPart.text(text));
    }
    if (!(content instanceof JsonArray list)) {
      throw message.invalid("content", "must be a string or an array of content parts");
    }
    List<ContentPart> parts = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      parts.add(part(RequestFields.element(list, i, message.path("content")), role));
    }
    return List.copyOf(parts);
  }

  private static ContentPart part(RequestFields part, String role) {
    String type = part.string("type");
    if ("text".equals(type)) {
      part.only(Set.of("type", "text"));
      String text = part.string("text");
      if (text == null) {
        throw part.invalid("text", "is required: a string");
      }
      return ContentPart.text(text);
    }
    if ("refusal".equals(type) && ChatMessage.ASSISTANT.equals(role)) {
      part.only(Set.of("type", "refusal"));
      return ContentPart.text(part.requiredString("refusal"));
    }
    if ("image_url".equals(type) && ChatMessage.USER.equals(role)) {
      part.only(Set.of("type", "image_url"));
      RequestFields image = part.fields("image_url");
      if (image == null) {
        throw part.invalid("image_url", "is required: {url, detail?}");
      }
      image.only(Set.of("url", "detail"));
      String url = ImageSources.check(image.requiredString("url"), image.path("url"));
      return ContentPart.image(url, image.oneOf("detail", List.of("auto", "low", "high")));
    }
    String allowed = ChatMessage.USER.equals(role) ? "'text' or 'image_url'"
        : ChatMessage.ASSISTANT.equals(role) ? "'text' or 'refusal'" : "'text'";
    throw part.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'") + "; a content part of a "
        + role + " message must be " + allowed);
  }
}
