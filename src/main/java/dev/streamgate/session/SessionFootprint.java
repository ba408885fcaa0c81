package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;

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
    long bytes = SESSION + chars(session.meta() == null ? null : session.meta().encode());
    for (ChatMessage message : session.messages()) {
      bytes += of(message);
    }
    return bytes;
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

  private static long chars(String text) {
    return 2L * length(text);
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
