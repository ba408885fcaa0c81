package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A conversation as Gemini's {@code contents}: turns of role {@code user} or {@code model}, each a list
 * of parts. Text is a {@code text} part, an inline image an {@code inlineData} part (an image by URL
 * never reaches here: Gemini cannot take one without the gateway fetching it, so the provider does not
 * honour it), an assistant's tool call a {@code functionCall} part, a tool result a
 * {@code functionResponse} part in a user turn. Consecutive messages of one role share a turn, so
 * the results of one step's parallel calls answer it together, as Gemini requires.
 */
final class GeminiContents {

  /**
   * Gemini 3 refuses a step's first function call sent back without the thought signature it came
   * with. A call keeps its signature in its id ({@link ToolCall}); a call without one (a history from
   * another model, or a client that made its own ids) gets the value Gemini documents for a history
   * from elsewhere, which skips the check (https://ai.google.dev/gemini-api/docs/thought-signatures).
   */
  static final String NO_SIGNATURE = "skip_thought_signature_validator";

  private GeminiContents() {
  }

  static JsonArray of(LlmRequest request) {
    JsonArray contents = new JsonArray();
    for (ChatMessage message : request.dialogue()) {
      String role = ChatMessage.ASSISTANT.equals(message.role()) ? "model" : "user";
      JsonArray parts = ChatMessage.TOOL.equals(message.role()) ? result(request, message) : parts(message);
      JsonObject last = contents.isEmpty() ? null : contents.getJsonObject(contents.size() - 1);
      if (last != null && role.equals(last.getString("role"))) {
        last.getJsonArray("parts").addAll(parts);
      } else {
        contents.add(new JsonObject().put("role", role).put("parts", parts));
      }
    }
    return contents;
  }

  /** The instructions, as {@code systemInstruction}; null when there are none. */
  static JsonObject system(LlmRequest request) {
    String system = request.systemPrompt();
    return system.isEmpty() ? null
        : new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("text", system)));
  }

  private static JsonArray parts(ChatMessage message) {
    JsonArray parts = new JsonArray();
    for (ContentPart part : message.parts()) {
      if (part.isText()) {
        parts.add(new JsonObject().put("text", part.text()));
      } else if (part.inline()) {
        parts.add(new JsonObject().put("inlineData",
            new JsonObject().put("mimeType", part.mediaType()).put("data", part.base64())));
      }
    }
    for (int i = 0; i < message.toolCalls().size(); i++) {
      ToolCall call = message.toolCalls().get(i);
      JsonObject part = new JsonObject().put("functionCall", new JsonObject().put("id", ToolCall.ownId(call.id()))
          .put("name", call.name()).put("args", call.input()));
      String signature = ToolCall.signature(call.id());
      // Gemini signs (and checks) a step's first call; a later one goes back signed only if it came so.
      if (signature != null || i == 0) {
        part.put("thoughtSignature", signature != null ? signature : NO_SIGNATURE);
      }
      parts.add(part);
    }
    return parts;
  }

  /** A tool's result: its JSON object as the response, any other text wrapped as {@code {"content": text}}. */
  private static JsonArray result(LlmRequest request, ChatMessage message) {
    String text = message.content();
    JsonObject response;
    try {
      response = text.trim().startsWith("{") ? new JsonObject(text) : null;
    } catch (DecodeException notJson) {
      response = null;
    }
    JsonObject function = new JsonObject().put("id", ToolCall.ownId(message.toolCallId()))
        .put("name", request.toolName(message.toolCallId()))
        .put("response", response != null ? response : new JsonObject().put("content", text));
    return new JsonArray().add(new JsonObject().put("functionResponse", function));
  }
}
