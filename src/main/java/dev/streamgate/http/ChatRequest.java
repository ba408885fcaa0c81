package dev.streamgate.http;

import dev.streamgate.GatewayException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A validated {@code POST /chat/stream} body: {@code message} (required, non-blank, at most the
 * configured length), {@code session_id} and {@code model} (optional; absent means "new session" and
 * "the default model").
 */
record ChatRequest(String sessionId, String message, String model) {

  static final int MAX_ID_CHARS = 128;

  static ChatRequest parse(RoutingContext ctx, int maxMessageChars) {
    return parse(JsonBodies.required(ctx), maxMessageChars, "session_id");
  }

  /** The same body rules, with the session's id under {@code idField} (other dialects name it otherwise). */
  static ChatRequest parse(JsonObject body, int maxMessageChars, String idField) {
    return new ChatRequest(optional(body, idField), message(body.getValue("message"), "message", maxMessageChars),
        optional(body, "model"));
  }

  /** The user's text under {@code field}: a non-blank string of at most {@code maxChars} characters. */
  static String message(Object value, String field, int maxChars) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw GatewayException.badRequest("'" + field + "' is required and must be a non-empty string");
    }
    if (text.length() > maxChars) {
      throw new GatewayException(413, "payload_too_large",
          "'" + field + "' has " + text.length() + " characters; the limit is " + maxChars);
    }
    return text;
  }

  static String optional(JsonObject body, String field) {
    return id(body.getValue(field), field);
  }

  /** An optional id (session, model): absent, or a non-blank string of at most {@link #MAX_ID_CHARS}. */
  static String id(Object value, String field) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > MAX_ID_CHARS) {
      throw GatewayException.badRequest("'" + field + "' must be a non-empty string of at most "
          + MAX_ID_CHARS + " characters");
    }
    return text;
  }
}
