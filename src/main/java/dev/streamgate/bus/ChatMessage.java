package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One message of a conversation: its role ({@code system}, {@code developer}, {@code user},
 * {@code assistant} or {@code tool}), its content as parts (text, images), the tool calls of an
 * assistant's message, and the id of the call a {@code tool} message answers.
 *
 * <p>JSON: {@code role}, {@code content} (a string when the message is text alone, else an array of
 * parts as {@link ContentPart} writes them), {@code tool_calls} (an assistant's, as {@link ToolCall}
 * writes them), {@code tool_call_id} (a tool result's), {@code timestamp} (ISO-8601, when stored),
 * {@code interrupted: true} only on an assistant reply cut short (client gone, upstream error), which
 * keeps the partial text, and {@code thinking} (an assistant's reasoning, as its model streamed it and a
 * client or the session kept it: {@code [{thinking, signature?}]} or {@code [{redacted}]}; each provider
 * takes back what it can, so it is not part of {@link #toModelJson}).
 */
public record ChatMessage(String role, List<ContentPart> parts, List<ToolCall> toolCalls, String toolCallId,
                          String timestamp, boolean interrupted, List<Thinking> thinking) {

  /**
   * Reasoning as a model streamed it: its text, with the signature Anthropic wants it back with (null
   * for another provider's, which OpenAI-compatible servers and Ollama take back as text), or
   * ({@code redacted} not null) the data of reasoning Anthropic encrypted.
   */
  public record Thinking(String text, String signature, String redacted) {

    public static Thinking signed(String text, String signature) {
      return new Thinking(text, signature, null);
    }

    public static Thinking unsigned(String text) {
      return new Thinking(text, null, null);
    }

    public static Thinking redacted(String data) {
      return new Thinking(null, null, data);
    }

    /** The text of {@code blocks}, signed or not, joined; empty when none has any (redacted reasoning has none). */
    public static String text(List<Thinking> blocks) {
      return blocks.stream().map(Thinking::text).filter(text -> text != null).collect(Collectors.joining());
    }

    /** True for what Anthropic takes back: signed or redacted reasoning (its own). */
    public boolean anthropics() {
      return redacted != null || signature != null;
    }

    /**
     * The reasoning of answer {@code choice} in {@code deltas}, block by block: text up to a signature is
     * a signed block, text after the last one an unsigned block, redacted reasoning a block of its own.
     */
    public static List<Thinking> of(List<Delta> deltas, int choice) {
      List<Thinking> blocks = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (Delta delta : deltas) {
        if (delta.choice() != choice) {
          continue;
        }
        switch (delta.kind()) {
          case REASONING -> text.append(delta.text());
          case REASONING_SIGNATURE -> {
            blocks.add(signed(text.toString(), delta.text()));
            text.setLength(0);
          }
          case REDACTED_REASONING -> blocks.add(redacted(delta.text()));
          default -> { }
        }
      }
      if (!text.isEmpty()) {
        blocks.add(unsigned(text.toString()));
      }
      return List.copyOf(blocks);
    }

    JsonObject toJson() {
      if (redacted != null) {
        return new JsonObject().put("redacted", redacted);
      }
      JsonObject json = new JsonObject().put("thinking", text);
      return signature == null ? json : json.put("signature", signature);
    }

    static Thinking fromJson(JsonObject json) {
      return json.containsKey("redacted") ? redacted(json.getString("redacted"))
          : new Thinking(json.getString("thinking"), json.getString("signature"), null);
    }
  }

  public static final String SYSTEM = "system";
  public static final String DEVELOPER = "developer";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final String TOOL = "tool";

  public ChatMessage(String role, List<ContentPart> parts, List<ToolCall> toolCalls, String toolCallId,
                     String timestamp, boolean interrupted) {
    this(role, parts, toolCalls, toolCallId, timestamp, interrupted, List.of());
  }

  /** A message of text alone ({@code content} may be empty: an assistant's message of tool calls only). */
  public ChatMessage(String role, String content, String timestamp, boolean interrupted) {
    this(role, content.isEmpty() ? List.of() : List.of(ContentPart.text(content)), List.of(), null, timestamp,
        interrupted);
  }

  /** The text of the message's text parts, joined. */
  public String content() {
    if (parts.size() == 1 && parts.get(0).isText()) {
      return parts.get(0).text();
    }
    return parts.stream().filter(ContentPart::isText).map(ContentPart::text).collect(Collectors.joining());
  }

  /** True when a call's id, or the id of the call it answers, carries a thought signature ({@link ToolCall}). */
  boolean signed() {
    return ToolCall.isSigned(toolCallId) || toolCalls.stream().anyMatch(call -> ToolCall.isSigned(call.id()));
  }

  /** This message with its calls' own ids ({@link LlmRequest#unsigned}). */
  ChatMessage unsigned() {
    return signed() ? new ChatMessage(role, parts, toolCalls.stream().map(ToolCall::unsigned).toList(),
        ToolCall.ownId(toolCallId), timestamp, interrupted, thinking) : this;
  }

  /** The text of its reasoning, signed or not, joined; empty when it has none (redacted reasoning has no text). */
  public String reasoning() {
    return Thinking.text(thinking);
  }

  /** True when the message is text alone (no image, no tool call, not a tool result). */
  public boolean textOnly() {
    return toolCalls.isEmpty() && toolCallId == null && parts.stream().allMatch(ContentPart::isText);
  }

  /** The message as a model is sent it: without timestamp and interruption, which are the session's. */
  public JsonObject toModelJson() {
    JsonObject json = new JsonObject().put("role", role);
    if (parts.stream().allMatch(ContentPart::isText)) {
      json.put("content", toolCalls.isEmpty() || !parts.isEmpty() ? content() : null);
    } else {
      JsonArray content = new JsonArray();
      parts.forEach(part -> content.add(part.toJson()));
      json.put("content", content);
    }
    if (!toolCalls.isEmpty()) {
      JsonArray calls = new JsonArray();
      toolCalls.forEach(call -> calls.add(call.toJson()));
      json.put("tool_calls", calls);
    }
    if (toolCallId != null) {
      json.put("tool_call_id", toolCallId);
    }
    return json;
  }

  public JsonObject toJson() {
    JsonObject json = toModelJson().put("timestamp", timestamp);
    if (json.getValue("content") == null) {
      json.put("content", "");
    }
    if (!thinking.isEmpty()) {
      JsonArray blocks = new JsonArray();
      thinking.forEach(block -> blocks.add(block.toJson()));
      json.put("thinking", blocks);
    }
    return interrupted ? json.put("interrupted", true) : json;
  }

  public static ChatMessage fromJson(JsonObject json) {
    Object content = json.getValue("content");
    List<ContentPart> parts = content instanceof JsonArray array
        ? array.stream().map(part -> ContentPart.fromJson((JsonObject) part)).toList()
        : content == null || ((String) content).isEmpty() ? List.of() : List.of(ContentPart.text((String) content));
    JsonArray calls = json.getJsonArray("tool_calls");
    JsonArray thinking = json.getJsonArray("thinking");
    return new ChatMessage(json.getString("role"), parts,
        calls == null ? List.of() : calls.stream().map(call -> ToolCall.fromJson((JsonObject) call)).toList(),
        json.getString("tool_call_id"), json.getString("timestamp"), json.getBoolean("interrupted", false),
        thinking == null ? List.of() : thinking.stream().map(block -> Thinking.fromJson((JsonObject) block)).toList());
  }
}
