package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as Anthropic's {@code messages}: content blocks ({@code text}, {@code image} from base64
 * data or a URL, an assistant's calls as {@code tool_use} with its arguments as an {@code input} object)
 * and a tool's result as a {@code tool_result} block of a {@code user} message. The API takes only
 * {@code user} and {@code assistant}, alternating, so consecutive messages of one role become one (the
 * results of parallel calls in a single user message, as the API asks), with the tool results first
 * (https://docs.anthropic.com/en/docs/build-with-claude/tool-use). A message of one text block is sent
 * as a string, the API's plain form.
 *
 * <p>An image's {@code detail} has no equivalent and is left out: Anthropic sizes images itself. Blank
 * text blocks are left out too, as the API rejects them. An assistant's signed or redacted thinking (an
 * Anthropic Messages client's, or what the session kept of an Anthropic turn) opens its message when the
 * request has thinking on; another provider's reasoning, unsigned, Anthropic cannot take back.
 */
final class AnthropicMessages {

  private static final String USER = "user";
  private static final String TOOL_RESULT = "tool_result";

  private AnthropicMessages() {
  }

  /**
   * {@code dialogue}: the messages without the instructions ({@code LlmRequest#dialogue}); {@code thinking}:
   * whether this request turns thinking on, so an assistant's signed thinking goes back first in its
   * message, as Anthropic asks in a tool loop (without thinking on, Anthropic has no use for it).
   */
  static JsonArray of(List<ChatMessage> dialogue, boolean thinking) {
    List<JsonObject> messages = new ArrayList<>();
    for (ChatMessage message : dialogue) {
      String role = ChatMessage.ASSISTANT.equals(message.role()) ? ChatMessage.ASSISTANT : USER;
      List<JsonObject> blocks = blocks(message, thinking);
      if (blocks.isEmpty()) {
        continue;
      }
      JsonObject last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
      if (last != null && role.equals(last.getString("role"))) {
        merge(last.getJsonArray("content"), blocks);
      } else {
        messages.add(new JsonObject().put("role", role).put("content", new JsonArray(new ArrayList<>(blocks))));
      }
    }
    JsonArray json = new JsonArray();
    messages.forEach(message -> json.add(plain(message)));
    return json;
  }

  private static List<JsonObject> blocks(ChatMessage message, boolean thinking) {
    if (message.toolCallId() != null) {
      return List.of(toolResult(message));
    }
    List<JsonObject> blocks = new ArrayList<>();
    if (thinking) { // Anthropic's own only: it refuses a thinking block without its signature
      message.thinking().stream().filter(ChatMessage.Thinking::anthropics)
          .forEach(block -> blocks.add(thinking(block)));
    }
    message.parts().stream().filter(part -> !part.isText() || !part.text().isBlank())
        .forEach(part -> blocks.add(block(part)));
    message.toolCalls().forEach(call -> blocks.add(toolUse(call)));
    return blocks;
  }

  private static JsonObject thinking(ChatMessage.Thinking block) {
    return block.redacted() != null
        ? new JsonObject().put("type", "redacted_thinking").put("data", block.redacted())
        : new JsonObject().put("type", "thinking").put("thinking", block.text()).put("signature", block.signature());
  }

  /** A tool's result: its text, or its parts as blocks when it holds an image. */
  private static JsonObject toolResult(ChatMessage message) {
    JsonObject result = new JsonObject().put("type", TOOL_RESULT).put("tool_use_id", message.toolCallId());
    if (message.parts().stream().allMatch(ContentPart::isText)) {
      return message.content().isEmpty() ? result : result.put("content", message.content());
    }
    JsonArray content = new JsonArray();
    message.parts().forEach(part -> content.add(block(part)));
    return result.put("content", content);
  }

  private static JsonObject toolUse(ToolCall call) {
    return new JsonObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
        .put("input", call.input());
  }

  private static JsonObject block(ContentPart part) {
    if (part.isText()) {
      return new JsonObject().put("type", "text").put("text", part.text());
    }
    JsonObject source = part.inline()
        ? new JsonObject().put("type", "base64").put("media_type", part.mediaType()).put("data", part.base64())
        : new JsonObject().put("type", "url").put("url", part.url());
    return new JsonObject().put("type", "image").put("source", source);
  }

  /** Adds {@code blocks} to a message's content, tool results before the rest (the API requires them first). */
  private static void merge(JsonArray content, List<JsonObject> blocks) {
    for (JsonObject block : blocks) {
      if (TOOL_RESULT.equals(block.getString("type"))) {
        int results = 0;
        while (results < content.size() && TOOL_RESULT.equals(content.getJsonObject(results).getString("type"))) {
          results++;
        }
        content.add(results, block);
      } else {
        content.add(block);
      }
    }
  }

  /** One text block as the string it holds. */
  private static JsonObject plain(JsonObject message) {
    JsonArray content = message.getJsonArray("content");
    if (content.size() == 1 && "text".equals(content.getJsonObject(0).getString("type"))) {
      return message.put("content", content.getJsonObject(0).getString("text"));
    }
    return message;
  }
}
