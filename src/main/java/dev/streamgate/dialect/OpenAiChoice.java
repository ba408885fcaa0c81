package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolCalls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of an OpenAI chat completion ({@link OpenAiChatFormat}) as it streams: for the whole
 * {@code chat.completion}, its text, refusal, reasoning and tool calls, its message made at the end;
 * streaming, the reasoning Anthropic's next signature seals.
 */
final class OpenAiChoice {

  private final StringBuilder content = new StringBuilder();
  private final StringBuilder refusal = new StringBuilder();
  /** Its reasoning deltas (text, signatures, redacted), for {@code reasoning_content} and {@code thinking_blocks}. */
  private final List<Delta> thinking = new ArrayList<>();
  private final List<Delta> tools = new ArrayList<>();
  private String finishReason;
  /** Streaming: the reasoning since the last block Anthropic sealed, and how many blocks went out. */
  private final StringBuilder unsealed = new StringBuilder();
  private int details;

  /** Streaming: notes the reasoning that a signature may seal. */
  void streamed(Delta delta) {
    if (delta.kind() == Delta.Kind.REASONING) {
      unsealed.append(delta.text());
    }
  }

  /**
   * Streaming: Anthropic's signature (sealing the reasoning streamed since the last one) or its
   * redacted reasoning, as a whole block of {@code reasoning_details} ({@link ReasoningDetails}).
   */
  JsonObject detail(Delta delta) {
    ChatMessage.Thinking block = delta.kind() == Delta.Kind.REDACTED_REASONING
        ? ChatMessage.Thinking.redacted(delta.text()) : ChatMessage.Thinking.signed(unsealed.toString(), delta.text());
    if (delta.kind() == Delta.Kind.REASONING_SIGNATURE) {
      unsealed.setLength(0);
    }
    return new JsonObject().put("reasoning_details", new JsonArray().add(ReasoningDetails.entry(block, details++)));
  }

  String finishReason() {
    return finishReason;
  }

  void finish(String reason) {
    finishReason = reason;
  }

  /** Not streaming: keeps {@code delta} for the message. */
  void add(Delta delta) {
    switch (delta.kind()) {
      case TEXT -> content.append(delta.text());
      case REFUSAL -> refusal.append(delta.text());
      case REASONING, REASONING_SIGNATURE, REDACTED_REASONING -> thinking.add(delta);
      case TOOL_CALL, TOOL_ARGUMENTS -> tools.add(delta);
      case FINISH -> finishReason = delta.text();
    }
  }

  /** The assistant's message: content null when it only called tools or refused, as OpenAI writes it. */
  JsonObject message() {
    List<ToolCall> calls = ToolCalls.assemble(tools, tools.isEmpty() ? 0 : tools.get(0).choice());
    JsonObject message = new JsonObject().put("role", "assistant")
        .put("content", content.isEmpty() && (!calls.isEmpty() || !refusal.isEmpty()) ? null : content.toString())
        .put("refusal", refusal.isEmpty() ? null : refusal.toString());
    List<ChatMessage.Thinking> reasoning = ChatMessage.Thinking.of(thinking,
        thinking.isEmpty() ? 0 : thinking.get(0).choice());
    String text = ChatMessage.Thinking.text(reasoning);
    if (!text.isEmpty()) {
      message.put("reasoning_content", text);
    }
    JsonArray blocks = ThinkingBlocks.toJson(reasoning);
    if (!blocks.isEmpty()) {
      message.put("thinking_blocks", blocks).put("reasoning_details", ReasoningDetails.toJson(reasoning));
    }
    if (!calls.isEmpty()) {
      JsonArray list = new JsonArray();
      calls.forEach(call -> list.add(call.toJson()));
      message.put("tool_calls", list);
    }
    return message;
  }
}
