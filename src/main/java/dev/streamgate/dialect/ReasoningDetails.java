package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A model's reasoning as OpenRouter's {@code reasoning_details} write it, in OpenAI's chat format:
 * {@code {"type":"reasoning.text","text","signature","format","index"}} and
 * {@code {"type":"reasoning.encrypted","data","format","index"}}, {@code index} its place in the message's
 * list. OpenAI's chat dialect streams Anthropic's signed and redacted thinking so, a whole block in one
 * chunk when its signature arrives (the text went before as {@code reasoning_content}), since a chunk
 * has no other field for it; a client that gathers the entries by {@code index} (as OpenRouter's clients
 * do, and OpenAI's Python stream helper does with any list) and sends them back on the message keeps
 * Anthropic's thinking on through a tool loop, streaming or not.
 */
final class ReasoningDetails {

  /** OpenRouter's name for the format of Anthropic's blocks. */
  private static final String ANTHROPIC = "anthropic-claude-v1";
  private static final Set<String> FIELDS = Set.of("type", "text", "signature", "data", "summary", "format", "index",
      "id");

  private ReasoningDetails() {
  }

  /** The entry of {@code block}, the message's {@code index}th (Anthropic's: signed or redacted). */
  static JsonObject entry(ChatMessage.Thinking block, int index) {
    JsonObject entry = block.redacted() != null
        ? new JsonObject().put("type", "reasoning.encrypted").put("data", block.redacted())
        : new JsonObject().put("type", "reasoning.text").put("text", block.text()).put("signature", block.signature());
    return entry.put("format", ANTHROPIC).put("index", index);
  }

  /** The entries of {@code thinking} that Anthropic signed or redacted (others have nothing to send back). */
  static JsonArray toJson(List<ChatMessage.Thinking> thinking) {
    JsonArray entries = new JsonArray();
    thinking.stream().filter(ChatMessage.Thinking::anthropics)
        .forEach(block -> entries.add(entry(block, entries.size())));
    return entries;
  }

  /**
   * The reasoning {@code message} sends back in {@code reasoning_details}: entries of one {@code index}
   * are one block, gathered in order (a client may send the pieces it streamed as they came); a text
   * entry with a signature is signed, without one (another provider's) kept as text, an encrypted one
   * redacted, a summary kept as text. Empty when there are none.
   */
  static List<ChatMessage.Thinking> read(RequestFields message) {
    JsonArray list = message.array("reasoning_details");
    List<JsonObject> blocks = new ArrayList<>();
    Object lastIndex = null;
    for (int i = 0; list != null && i < list.size(); i++) {
      RequestFields entry = RequestFields.element(list, i, message.path("reasoning_details")).only(FIELDS);
      String type = entry.oneOf("type", List.of("reasoning.text", "reasoning.encrypted", "reasoning.summary"));
      if (type == null) {
        throw entry.invalid("type", "is required: 'reasoning.text', 'reasoning.encrypted' or 'reasoning.summary'");
      }
      Object index = entry.json().getValue("index");
      if (index != null && index.equals(lastIndex) && type.equals(blocks.get(blocks.size() - 1).getString("type"))) {
        gather(blocks.get(blocks.size() - 1), entry);
      } else {
        blocks.add(gather(new JsonObject().put("type", type), entry));
      }
      lastIndex = index;
    }
    return blocks.stream().map(ReasoningDetails::thinking).filter(block -> block != null).toList();
  }

  /** Joins {@code entry}'s strings to those of {@code block}, a block's pieces so far. */
  private static JsonObject gather(JsonObject block, RequestFields entry) {
    for (String field : List.of("text", "signature", "data", "summary")) {
      String piece = entry.string(field);
      if (piece != null) {
        block.put(field, block.getString(field, "") + piece);
      }
    }
    return block;
  }

  /** The block {@code gathered} holds; null when it holds nothing. */
  private static ChatMessage.Thinking thinking(JsonObject gathered) {
    String signature = gathered.getString("signature", "");
    String text = gathered.getString("reasoning.summary".equals(gathered.getString("type")) ? "summary" : "text", "");
    if ("reasoning.encrypted".equals(gathered.getString("type"))) {
      String data = gathered.getString("data", "");
      return data.isEmpty() ? null : ChatMessage.Thinking.redacted(data);
    }
    if (!signature.isEmpty()) {
      return ChatMessage.Thinking.signed(text, signature);
    }
    return text.isEmpty() ? null : ChatMessage.Thinking.unsigned(text);
  }
}
