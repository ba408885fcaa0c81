package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated OpenAI {@code POST /v1/chat/completions} body: {@code messages} (role and content; the
 * content a string or text parts), {@code model}, {@code stream} and
 * {@code stream_options.include_usage}. Sampling parameters are accepted and not forwarded yet.
 */
public record OpenAiChatRequest(String model, List<ChatMessage> messages, boolean stream, boolean includeUsage) {

  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
  private static final int MAX_MODEL_CHARS = 128;

  public static OpenAiChatRequest parse(JsonObject body, int maxMessageChars) {
    Object model = body.getValue("model");
    if (model != null && !(model instanceof String name && !name.isBlank() && name.length() <= MAX_MODEL_CHARS
        && name.chars().noneMatch(OpenAiChatRequest::unprintable))) {
      throw GatewayException.badRequest("'model' must be a non-empty string of at most " + MAX_MODEL_CHARS
          + " characters, without control characters");
    }
    if (!(body.getValue("messages") instanceof JsonArray list) || list.isEmpty()) {
      throw GatewayException.badRequest("'messages' must be a non-empty array");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      messages.add(message(list.getValue(i), i, maxMessageChars));
    }
    boolean stream = flag(body, "stream", "'stream'");
    Object options = body.getValue("stream_options");
    if (options != null && !(options instanceof JsonObject)) {
      throw GatewayException.badRequest("'stream_options' must be an object");
    }
    boolean usage = options != null && flag((JsonObject) options, "include_usage", "'stream_options.include_usage'");
    return new OpenAiChatRequest((String) model, List.copyOf(messages), stream, usage);
  }

  /** An optional boolean: false when absent, 400 naming {@code name} when it is anything but true or false. */
  private static boolean flag(JsonObject body, String field, String name) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw GatewayException.badRequest(name + " must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  /** A model name never holds a control character or line separator: it must not break a log line or a header. */
  private static boolean unprintable(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }

  private static ChatMessage message(Object value, int index, int maxChars) {
    String at = "'messages[" + index + "]'";
    if (!(value instanceof JsonObject message) || !(message.getValue("role") instanceof String role)
        || !ROLES.contains(role)) {
      throw GatewayException.badRequest(at + " must have a role of system, developer, user or assistant");
    }
    String content = content(message.getValue("content"), at);
    if (content.length() > maxChars) {
      throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, at + " has " + content.length()
          + " characters; the limit is " + maxChars);
    }
    return new ChatMessage("developer".equals(role) ? "system" : role, content, null, false);
  }

  /** A string, or an array of parts of which the text ones are joined; null (an assistant's tool call) is empty. */
  private static String content(Object content, String at) {
    if (content == null || content instanceof String) {
      return content == null ? "" : (String) content;
    }
    if (content instanceof JsonArray parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : parts) {
        if (part instanceof JsonObject p && "text".equals(p.getString("type")) && p.getValue("text") instanceof String t) {
          text.append(t);
        }
      }
      return text.toString();
    }
    throw GatewayException.badRequest(at + " content must be a string or an array of text parts");
  }
}
