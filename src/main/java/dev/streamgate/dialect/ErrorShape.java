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
  };

  /** {@code param}: the request field at fault, for the shapes that name it apart (null: none). */
  public abstract JsonObject body(Failure failure, String message, String param);

  public JsonObject body(Failure failure, String message) {
    return body(failure, message, null);
  }

  /** The shape clients of {@code path} read: OpenAI's under {@code /v1/}, also for a method or path no route has. */
  public static ErrorShape forPath(String path) {
    return path != null && path.startsWith("/v1/") ? OPENAI : GATEWAY;
  }
}
