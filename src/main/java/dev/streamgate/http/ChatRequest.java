package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import io.vertx.core.json.JsonObject;

/**
 * A validated body of the dialects that send text alone (conversation API, event channels):
 * {@code message} (required, non-blank, at most the configured length), the session's id and
 * {@code model} (optional; absent means "new session" and "the default model"). The rules of each
 * field are shared with the native API's {@link NativeChatRequest}.
 */
record ChatRequest(String sessionId, String message, String model) {

  static final int MAX_ID_CHARS = 128;

  /** The body, with the session's id under {@code idField}. */
  static ChatRequest parse(JsonObject body, int maxMessageChars, String idField) {
    return new ChatRequest(optional(body, idField), message(body.getValue("message"), "message", maxMessageChars),
        optional(body, "model"));
  }

  /**
   * An event-channel body ({@code POST /conversation}, {@code POST /api/streaming}): the text under
   * {@code textField}; an empty {@code conversation_id} means the channel's own conversation (null here).
   */
  static ChatRequest channel(JsonObject body, String textField, int maxMessageChars) {
    String text = message(body.getValue(textField), textField, maxMessageChars);
    String session = body.getValue("conversation_id") instanceof String named && named.isEmpty()
        ? null : optional(body, "conversation_id");
    return new ChatRequest(session, text, optional(body, "model"));
  }

  /** The user's text under {@code field}: a non-blank string of at most {@code maxChars} characters. */
  static String message(Object value, String field, int maxChars) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw GatewayException.badRequest("'" + field + "' is required and must be a non-empty string");
    }
    if (text.length() > maxChars) {
      throw new GatewayException(Failure.PAYLOAD_TOO_LARGE,
          "'" + field + "' has " + text.length() + " characters; the limit is " + maxChars);
    }
    return text;
  }

  static String optional(JsonObject body, String field) {
    return id(body.getValue(field), field);
  }

  /**
   * An optional id (session, model): absent, or a non-blank string of at most {@link #MAX_ID_CHARS}
   * without control characters or line separators, so an id can never break a log line or a header.
   */
  static String id(Object value, String field) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_ID_CHARS || !printable(text)) {
      throw GatewayException.badRequest("'" + field + "' must be a non-empty string of at most "
          + MAX_ID_CHARS + " characters, without control characters");
    }
    return text;
  }

  /** True when {@code text} holds no control character (C0, DEL, C1) and no Unicode line or paragraph separator. */
  static boolean printable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }
}
