package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;

/**
 * A message as a row of {@code streamgate_messages}: its text in {@code content} (what every version
 * reads), and what text alone cannot say (images, tool calls, the call a tool result answers) in
 * {@code detail}, the message's JSON as a model is sent it, without its role; null for a message of
 * text alone, as every row written before the column existed.
 */
final class PostgresMessages {

  private PostgresMessages() {
  }

  /** {@code message} with {@code clean} applied to every string it holds (PostgreSQL text and jsonb refuse NUL). */
  static ChatMessage text(ChatMessage message, UnaryOperator<String> clean) {
    return new ChatMessage(clean.apply(message.role()),
        message.parts().stream().map(part -> new ContentPart(part.type(), clean.apply(part.text()),
            clean.apply(part.url()), clean.apply(part.detail()))).toList(),
        message.toolCalls().stream().map(call -> new ToolCall(clean.apply(call.id()), clean.apply(call.name()),
            clean.apply(call.arguments()))).toList(),
        clean.apply(message.toolCallId()), clean.apply(message.timestamp()), message.interrupted());
  }

  /** The {@code detail} column of {@code message}: null when its text says it all. */
  static JsonObject detail(ChatMessage message) {
    if (message.textOnly()) {
      return null;
    }
    JsonObject detail = message.toModelJson();
    detail.remove("role");
    return detail;
  }

  /** The message a row holds; {@code detail} as the client read it (a JsonObject, or null). */
  static ChatMessage message(String role, String content, String sentAt, boolean interrupted, Object detail) {
    if (!(detail instanceof JsonObject json)) {
      return new ChatMessage(role, content, sentAt, interrupted);
    }
    return ChatMessage.fromJson(json.copy().put("role", role).put("timestamp", sentAt).put("interrupted", interrupted));
  }
}
