package dev.streamgate.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The server answered with an error status: its HTTP status, and the {@code code} and {@code message}
 * of its {@code {"error":{"code","message"}}} body. No stack trace: it is an answer, not a bug.
 */
final class ApiFailure extends RuntimeException {

  private final int status;
  private final String code;

  ApiFailure(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  /** Reads the server's error body; falls back to the bare status when the body is not the gateway's JSON. */
  static ApiFailure of(int status, String body) {
    try {
      JsonObject json = new JsonObject(body);
      Object error = json.getValue("error");
      if (error instanceof JsonObject detail) {
        return new ApiFailure(status, detail.getString("code", "http_" + status), detail.getString("message", ""));
      }
      return new ApiFailure(status, error instanceof String code ? code : "http_" + status, json.getString("message", ""));
    } catch (DecodeException | ClassCastException notJson) {
      return new ApiFailure(status, "http_" + status, body.strip());
    }
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
