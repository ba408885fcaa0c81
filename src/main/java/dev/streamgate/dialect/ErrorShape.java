package dev.streamgate.dialect;

import dev.streamgate.Failure;
import io.vertx.core.json.JsonObject;

/**
 * The JSON body of an error answered with an HTTP status, one shape per family of dialects, whatever
 * failed (a refused request, or a turn that failed before a dialect answering in one piece had sent
 * anything). The status is always the {@link Failure}'s.
 */
public enum ErrorShape {

  /** Streamgate's own APIs (native, conversation, event channels, sessions): {@code {"error":{"code","message"}}}. */
  GATEWAY {
    @Override
    public JsonObject body(Failure failure, String message, String param) {
      return new JsonObject().put("error", new JsonObject().put("code", failure.code()).put("message", message));
    }
  },

  /** OpenAI's, which its client libraries read: {@code {"error":{"message","type","param","code"}}}. */
  OPENAI {
    @Override
    public JsonObject body(Failure failure, String message, String param) {
      return new JsonObject().put("error", new JsonObject().put("message", message)
          .put("type", failure.openAiType()).put("param", param).put("code", failure.code()));
    }
  },

  /**
   * Anthropic's, which its client libraries read: {@code {"type":"error","error":{"type","message"}}},
   * and its status for an overloaded service, 529.
   */
  ANTHROPIC {
    @Override
    public JsonObject body(Failure failure, String message, String param) {
      return new JsonObject().put("type", "error").put("error", new JsonObject().put("type", type(failure))
          .put("message", message));
    }

    @Override
    public int status(Failure failure) {
      return failure.status() == 503 ? 529 : failure.status();
    }

    private static String type(Failure failure) {
      return switch (failure.status()) {
        case 400, 405, 414, 415, 431 -> "invalid_request_error";
        case 401 -> "authentication_error";
        case 403 -> "permission_error";
        case 404 -> "not_found_error";
        case 413 -> "request_too_large";
        case 429 -> "rate_limit_error";
        case 503 -> "overloaded_error";
        default -> "api_error";
      };
    }
  };

  /** {@code param}: the request field at fault, for the shapes that name it apart (null: none). */
  public abstract JsonObject body(Failure failure, String message, String param);

  public JsonObject body(Failure failure, String message) {
    return body(failure, message, null);
  }

  /** The HTTP status this shape's clients expect for {@code failure}. */
  public int status(Failure failure) {
    return failure.status();
  }

  /**
   * The shape clients of {@code path} read: Anthropic's under {@code /v1/messages}, OpenAI's elsewhere
   * under {@code /v1/}, also for a method or path no route has.
   */
  public static ErrorShape forPath(String path) {
    if (path != null && (path.equals("/v1/messages") || path.startsWith("/v1/messages/"))) {
      return ANTHROPIC;
    }
    return path != null && path.startsWith("/v1/") ? OPENAI : GATEWAY;
  }
}
