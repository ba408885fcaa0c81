package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Responses request's {@code input}, as the turn's new messages in order: a string (the user's), or
 * items: messages of content parts ({@code input_text}, {@code input_image} by URL or data URL,
 * {@code output_text}), {@code function_call}s (each joins the assistant message before it),
 * {@code function_call_output}s, and earlier {@code reasoning} items, whose text goes with the assistant
 * message after them.
 */
final class ResponsesInput {

  private final int maxChars;
  private final List<ChatMessage> messages = new ArrayList<>();

  private ResponsesInput(int maxChars) {
    this.maxChars = maxChars;
  }

  /** The body's {@code input}; a message's text may have up to {@code maxChars} characters. */
  static ResponsesInput read(RequestFields body, int maxChars) {
    ResponsesInput reader = new ResponsesInput(maxChars);
    Object input = body.json().getValue("input");
    if (input instanceof String text) {
      reader.add(body, "input", new ChatMessage(ChatMessage.USER, text, null, false));
    } else if (input instanceof JsonArray items && !items.isEmpty()) {
      for (int i = 0; i < items.size(); i++) {
        reader.inputItem(RequestFields.element(items, i, "input"));
      }
    } else {
      throw body.invalid("input", "is required: a string or a non-empty array of input items");
    }
    return reader;
  }

  List<ChatMessage> messages() {
    return List.copyOf(messages);
  }

  /** Without a response to continue, each call's output answers a call of the input before it. */
  void checkOutputs() {
    Set<String> made = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage message = messages.get(i);
      message.toolCalls().forEach(call -> made.add(call.id()));
      if (message.toolCallId() != null && !made.contains(message.toolCallId())) {
        throw GatewayException.invalid("input", "'input' has the output of call '" + message.toolCallId()
            + "', which no function_call before it made (continue a response by 'previous_response_id')");
      }
    }
  }

  private void inputItem(RequestFields item) {
    String type = item.string("type");
    switch (type == null ? "message" : type) {
      case "message" -> message(item);
      case "function_call" -> functionCall(item);
      case "function_call_output" -> functionOutput(item);
      case "reasoning" -> reasoning(item);
      default -> throw item.invalid("type", "is '" + type + "'; an input item here is a message, a function_call,"
          + " a function_call_output or a reasoning item");
    }
  }

  private void message(RequestFields item) {
    item.only(Set.of("type", "role", "content", "id", "status"));
    String role = item.oneOf("role", List.of("user", "system", "developer", "assistant"));
    if (role == null) {
      throw item.invalid("role", "is required: 'user', 'system', 'developer' or 'assistant'");
    }
    Object content = item.json().getValue("content");
    if (content instanceof String text) {
      add(item, "content", new ChatMessage(role, text, null, false));
      return;
    }
    if (!(content instanceof JsonArray list)) {
      throw item.invalid("content", "must be a string or an array of content parts");
    }
    List<ContentPart> parts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      parts.add(part(RequestFields.element(list, i, item.path("content")), role));
    }
    add(item, "content", new ChatMessage(role, List.copyOf(parts), List.of(), null, null, false));
  }

  /** Adds {@code message}; an assistant's joins the reasoning that opened it. */
  private void add(RequestFields at, String field, ChatMessage message) {
    ChatMessage opened = ChatMessage.ASSISTANT.equals(message.role()) ? openedByReasoning() : null;
    if (opened != null) {
      messages.remove(messages.size() - 1);
      message = new ChatMessage(message.role(), message.parts(), message.toolCalls(), null, null, false,
          opened.thinking());
    }
    checkAndAdd(at, field, message);
  }

  private static ContentPart part(RequestFields part, String role) {
    String type = part.string("type");
    boolean assistant = ChatMessage.ASSISTANT.equals(role);
    if (assistant ? "output_text".equals(type) || "refusal".equals(type) : "input_text".equals(type)) {
      part.only(Set.of("type", "text", "refusal", "annotations", "logprobs"));
      return ContentPart.text(part.requiredString("refusal".equals(type) ? "refusal" : "text"));
    }
    if ("input_image".equals(type) && ChatMessage.USER.equals(role)) {
      part.only(Set.of("type", "image_url", "detail"));
      if (!part.has("image_url")) {
        throw part.invalid("image_url", "is required: an http(s) URL or a base64 data URL (file ids are OpenAI's)");
      }
      return ContentPart.image(ImageSources.check(part.requiredString("image_url"), part.path("image_url")),
          part.oneOf("detail", List.of("auto", "low", "high")));
    }
    throw part.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'") + "; a content part of a "
        + role + " message here is " + (assistant ? "'output_text'" : ChatMessage.USER.equals(role)
            ? "'input_text' or 'input_image'" : "'input_text'"));
  }

  /**
   * The model's earlier reasoning, which opens the assistant message the next output items join (or
   * joins the reasoning that opened it), kept for the providers that take reasoning back (DeepSeek needs
   * it in a tool loop, Anthropic its signed thinking): as this gateway sealed it in {@code encrypted_content}
   * ({@link ThinkingBlocks#unsealed}), else as text ({@code content}'s reasoning text, else its summary's).
   * Another server's {@code encrypted_content} (OpenAI's, which only OpenAI reads) is not sent on.
   */
  private void reasoning(RequestFields item) {
    item.only(Set.of("type", "id", "summary", "content", "encrypted_content", "status"));
    List<ChatMessage.Thinking> thinking = ThinkingBlocks.unsealed(item, "encrypted_content");
    String text = texts(item, "content", "reasoning_text");
    if (text.isEmpty()) {
      text = texts(item, "summary", "summary_text");
    }
    if (thinking.isEmpty() && !text.isEmpty()) {
      thinking = List.of(ChatMessage.Thinking.unsigned(text));
    }
    if (thinking.isEmpty()) {
      return;
    }
    ChatMessage opened = openedByReasoning();
    if (opened != null) {
      messages.remove(messages.size() - 1);
      thinking = Stream.concat(opened.thinking().stream(), thinking.stream()).toList();
    }
    messages.add(new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(), null, null, false, thinking));
  }

  /** The text of list {@code field}'s parts, each of {@code type}, joined; empty when there are none. */
  private static String texts(RequestFields item, String field, String type) {
    JsonArray parts = item.array(field);
    StringBuilder text = new StringBuilder();
    for (int i = 0; parts != null && i < parts.size(); i++) {
      RequestFields part = RequestFields.element(parts, i, item.path(field)).only(Set.of("type", "text"));
      if (part.oneOf("type", List.of(type)) == null) {
        throw part.invalid("type", "is required: '" + type + "'");
      }
      text.append(part.requiredString("text"));
    }
    return text.toString();
  }

  /** The assistant message that only reasoning opened so far, which an output item joins; null when there is none. */
  private ChatMessage openedByReasoning() {
    ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    return last != null && ChatMessage.ASSISTANT.equals(last.role()) && last.parts().isEmpty()
        && last.toolCalls().isEmpty() && !last.thinking().isEmpty() ? last : null;
  }

  /** A call the model made: it joins the assistant message right before it, or makes one. */
  private void functionCall(RequestFields item) {
    item.only(Set.of("type", "call_id", "name", "arguments", "id", "status"));
    String id = item.requiredString("call_id");
    String arguments = item.string("arguments");
    try {
      new JsonObject(arguments == null || arguments.isBlank() ? "{}" : arguments);
    } catch (RuntimeException notAnObject) {
      throw item.invalid("arguments", "must be a JSON object, as text");
    }
    ToolCall call = new ToolCall(id, item.requiredString("name"), arguments == null || arguments.isBlank() ? "{}" : arguments);
    ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && ChatMessage.ASSISTANT.equals(last.role())) {
      List<ToolCall> joined = new ArrayList<>(last.toolCalls());
      joined.add(call);
      messages.set(messages.size() - 1, new ChatMessage(ChatMessage.ASSISTANT, last.parts(), List.copyOf(joined),
          null, null, false, last.thinking()));
    } else {
      messages.add(new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(call), null, null, false));
    }
  }

  /** A call's result. A continued response's calls are in the conversation it continues: checked there. */
  private void functionOutput(RequestFields item) {
    item.only(Set.of("type", "call_id", "output", "id", "status"));
    String id = item.requiredString("call_id");
    String output = item.string("output");
    if (output == null) {
      throw item.invalid("output", "is required: the call's result, as a string");
    }
    add(item, "output", new ChatMessage(ChatMessage.TOOL, output.isEmpty() ? List.of() : List.of(ContentPart.text(output)),
        List.of(), id, null, false));
  }

  private void checkAndAdd(RequestFields at, String field, ChatMessage message) {
    int chars = message.parts().stream().filter(ContentPart::isText).mapToInt(part -> part.text().length()).sum();
    if (chars > maxChars) {
      throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, "'" + at.path(field) + "' has " + chars
          + " characters; the limit is " + maxChars);
    }
    messages.add(message);
  }
}
