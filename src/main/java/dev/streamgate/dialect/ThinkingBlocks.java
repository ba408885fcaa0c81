package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model's reasoning as Anthropic's content blocks write it: {@code {"type":"thinking","thinking",
 * "signature"}} and {@code {"type":"redacted_thinking","data"}}. The Anthropic Messages dialect reads
 * them as content; OpenAI's chat dialect writes Anthropic's own (signed or redacted) as a message's
 * {@code thinking_blocks} and reads them back, as LiteLLM does, so a client of that dialect that sends
 * the message back as it got it keeps Anthropic's thinking on through a tool loop.
 */
final class ThinkingBlocks {

  private ThinkingBlocks() {
  }

  /** Anthropic's blocks of {@code thinking} (what it signed or redacted; others have no signature to show). */
  static JsonArray toJson(List<ChatMessage.Thinking> thinking) {
    JsonArray blocks = new JsonArray();
    for (ChatMessage.Thinking block : thinking) {
      if (block.redacted() != null) {
        blocks.add(new JsonObject().put("type", "redacted_thinking").put("data", block.redacted()));
      } else if (block.signature() != null) {
        blocks.add(new JsonObject().put("type", "thinking").put("thinking", block.text())
            .put("signature", block.signature()));
      }
    }
    return blocks;
  }

  /**
   * A block sent back: with its signature, or redacted with its data, kept for Anthropic (which takes it
   * back in a tool loop); one without a signature (another provider's reasoning) is kept as text, for the
   * providers that take reasoning back as text (DeepSeek needs it in a tool loop); empty: nothing.
   */
  static Optional<ChatMessage.Thinking> read(RequestFields block) {
    block.only(Set.of("type", "thinking", "signature", "data"));
    if ("redacted_thinking".equals(block.oneOf("type", List.of("thinking", "redacted_thinking")))) {
      String data = block.string("data");
      return data == null || data.isEmpty() ? Optional.empty() : Optional.of(ChatMessage.Thinking.redacted(data));
    }
    String text = block.requiredString("thinking");
    String signature = block.string("signature");
    if (signature != null && !signature.isEmpty()) {
      return Optional.of(ChatMessage.Thinking.signed(text, signature));
    }
    return text.isEmpty() ? Optional.empty() : Optional.of(ChatMessage.Thinking.unsigned(text));
  }
}
