package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A model's reasoning as Anthropic's content blocks write it: {@code {"type":"thinking","thinking",
 * "signature"}} and {@code {"type":"redacted_thinking","data"}}. The Anthropic Messages dialect reads
 * them as content; OpenAI's chat dialect writes Anthropic's own (signed or redacted) as a message's
 * {@code thinking_blocks} and reads them back, as LiteLLM does, so a client of that dialect that sends
 * the message back as it got it keeps Anthropic's thinking on through a tool loop. The Responses dialect
 * seals every block of a reasoning item in its {@code encrypted_content} ({@link #sealed}), when asked to.
 */
final class ThinkingBlocks {

  /** What {@link #sealed} writes first: its version, and that Streamgate wrote it. */
  private static final String SEAL = "sg1.";

  private ThinkingBlocks() {
  }

  /** Anthropic's blocks of {@code thinking} (what it signed or redacted; others have no signature to show). */
  static JsonArray toJson(List<ChatMessage.Thinking> thinking) {
    JsonArray blocks = new JsonArray();
    thinking.stream().filter(ChatMessage.Thinking::anthropics).forEach(block -> blocks.add(block(block)));
    return blocks;
  }

  /**
   * Every block of {@code thinking} (signed, redacted, or another provider's text) as one opaque string,
   * for a Responses reasoning item's {@code encrypted_content}: a client that keeps no state on the server
   * ({@code store: false}) and sends the item back as it got it gives each provider its reasoning back as
   * it came, Anthropic's signatures too. Not encrypted: the item's summary shows the same text; only
   * Anthropic's signatures and redacted data, which are its own to check, are not shown elsewhere.
   */
  static String sealed(List<ChatMessage.Thinking> thinking) {
    JsonArray blocks = new JsonArray();
    thinking.forEach(block -> blocks.add(block(block)));
    return SEAL + Base64.getUrlEncoder().withoutPadding().encodeToString(blocks.toBuffer().getBytes());
  }

  /**
   * The blocks {@link #sealed} wrote, from {@code item}'s {@code field}; empty when there is none or
   * another server sealed it (OpenAI's encrypted reasoning, which only OpenAI reads). A seal of ours that
   * does not read back is refused by name.
   */
  static List<ChatMessage.Thinking> unsealed(RequestFields item, String field) {
    String sealed = item.string(field);
    if (sealed == null || !sealed.startsWith(SEAL)) {
      return List.of();
    }
    JsonArray blocks;
    try {
      blocks = new JsonArray(new String(Base64.getUrlDecoder().decode(sealed.substring(SEAL.length())),
          StandardCharsets.UTF_8));
    } catch (RuntimeException notOurs) {
      throw item.invalid(field, "is not reasoning this gateway sealed: send it back as it came");
    }
    List<ChatMessage.Thinking> thinking = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      read(RequestFields.element(blocks, i, item.path(field))).ifPresent(thinking::add);
    }
    return thinking;
  }

  private static JsonObject block(ChatMessage.Thinking block) {
    if (block.redacted() != null) {
      return new JsonObject().put("type", "redacted_thinking").put("data", block.redacted());
    }
    JsonObject json = new JsonObject().put("type", "thinking").put("thinking", block.text());
    return block.signature() == null ? json : json.put("signature", block.signature());
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
