package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Body of {@link Addresses#LLM_CHAT_START}: {@code turn_id}, {@code model} (empty: the configured
 * default), {@code messages} (the conversation, oldest first, as {@link ChatMessage} writes them),
 * {@code options} (tools, tool choice and generation parameters, as {@link TurnOptions} writes them;
 * a turn's own {@code instructions} are already the first of {@code messages}, put there by the sender)
 * and {@code inbox}: the caller's chunk address ({@link Addresses#inbox(String)}), which the turn's
 * chunks go to, wherever the upstream verticle runs.
 */
public record LlmRequest(String turnId, String model, List<ChatMessage> messages, TurnOptions options, String inbox) {

  /** A request of text alone, with nothing asked but the answer. */
  public LlmRequest(String turnId, String model, List<ChatMessage> messages, String inbox) {
    this(turnId, model, messages, TurnOptions.NONE, inbox);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> list.add(m.toJson()));
    return new JsonObject().put("turn_id", turnId).put("model", model).put("messages", list)
        .put("options", options.toJson()).put("inbox", inbox);
  }

  /** The system and developer messages' text joined, for APIs that take the instructions apart; empty when none. */
  public String systemPrompt() {
    return messages.stream().filter(LlmRequest::instructions).map(ChatMessage::content)
        .collect(Collectors.joining("\n\n"));
  }

  /** The other messages, without empty ones (an interrupted turn that produced nothing), which such APIs reject. */
  public List<ChatMessage> dialogue() {
    return messages.stream()
        .filter(m -> !instructions(m) && !(m.parts().isEmpty() && m.toolCalls().isEmpty() && m.toolCallId() == null))
        .toList();
  }

  public GenerationParams params() {
    return options.params();
  }

  /** The function an assistant's call {@code callId} named (a tool result names only the call); null when none did. */
  public String toolName(String callId) {
    return messages.stream().flatMap(m -> m.toolCalls().stream()).filter(call -> call.id().equals(callId))
        .map(ToolCall::name).findFirst().orElse(null);
  }

  /** What this turn asks of a provider beyond text ({@link TurnOptions#asks}). */
  public List<String> asks() {
    return options.asks(messages);
  }

  /** This request without the parameters named in {@code dropped} (a provider cannot honour them). */
  public LlmRequest dropping(List<String> dropped) {
    return dropped.isEmpty() ? this : new LlmRequest(turnId, model, messages, new TurnOptions(options.tools(),
        options.toolChoice(), options.params().without(dropped), options.instructions()), inbox);
  }

  /**
   * This request with every call's own id in place of one carrying a thought signature
   * ({@link ToolCall}), for providers other than Gemini: OpenAI caps ids at 40 characters, Anthropic
   * takes letters, digits, {@code _} and {@code -} only.
   */
  public LlmRequest unsigned() {
    if (messages.stream().noneMatch(ChatMessage::signed)) {
      return this;
    }
    return new LlmRequest(turnId, model, messages.stream().map(ChatMessage::unsigned).toList(), options, inbox);
  }

  private static boolean instructions(ChatMessage message) {
    return ChatMessage.SYSTEM.equals(message.role()) || ChatMessage.DEVELOPER.equals(message.role());
  }

  public static LlmRequest fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new LlmRequest(json.getString("turn_id"), json.getString("model", ""), messages,
        TurnOptions.fromJson(json.getJsonObject("options")), json.getString("inbox"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static LlmRequest of(Object body) {
    return body instanceof LlmRequest record ? record : fromJson((JsonObject) body);
  }
}
