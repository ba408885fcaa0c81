package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What a session costs this node's heap, estimated from what it holds: two bytes per character of every
 * string it keeps (text, images' data URLs, tool calls, reasoning, meta), as text beyond Latin-1 takes,
 * plus the objects around them. Measured (live heap after a full collection, 40,000 and 20,000 sessions
 * of one turn each): 324 bytes a session of two messages and 1.08 bytes a character of ASCII text, so
 * the estimate is exact for text beyond Latin-1 and up to twice the heap used for English.
 */
final class SessionFootprint {

  /** The session record, its id, times, list and map entry. */
  static final long SESSION = 124;
  /** A message record, its timestamp, parts and lists. */
  static final long MESSAGE = 100;

  private SessionFootprint() {
  }

  static long of(Session session) {
    long bytes = SESSION + 2 * chars(session.meta());
    for (ChatMessage message : session.messages()) {
      bytes += of(message);
    }
    return bytes;
  }

  /** The characters of a JSON value's strings and keys, walked (encoding it would cost more); 8 per other value. */
  private static long chars(Object json) {
    if (json == null) {
      return 0;
    }
    if (json instanceof String text) {
      return text.length();
    }
    long chars = 0;
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        chars += entry.getKey().length() + chars(entry.getValue());
      }
    } else if (json instanceof JsonArray array) {
      for (Object item : array) {
        chars += chars(item);
      }
    } else {
      chars = 8;
    }
    return chars;
  }

  static long of(ChatMessage message) {
    long chars = 0;
    for (ContentPart part : message.parts()) {
      chars += length(part.text()) + length(part.url());
    }
    for (ToolCall call : message.toolCalls()) {
      chars += length(call.id()) + length(call.name()) + length(call.arguments());
    }
    for (ChatMessage.Thinking block : message.thinking()) {
      chars += length(block.text()) + length(block.signature()) + length(block.redacted());
    }
    return MESSAGE + 2 * (chars + length(message.toolCallId()));
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
