package dev.streamgate;

import java.util.Locale;

/**
 * Every way a request or a turn can fail, named once: its wire code (the {@code code} of every error
 * body and error event), the HTTP status it is answered with while the status can still be chosen,
 * the {@code type} OpenAI's clients read, and whether trying again may help. Request failures
 * ({@link GatewayException}) come before any stream; turn failures end a turn that has started (an
 * {@code error} event, or the status of a dialect that answers in one piece).
 */
public enum Failure {

  // Refused before anything started.
  INVALID_REQUEST(400, false),
  UNAUTHORIZED(401, false),
  NOT_FOUND(404, false),
  METHOD_NOT_ALLOWED(405, false),
  PAYLOAD_TOO_LARGE(413, false),
  URI_TOO_LONG(414, false),
  UNSUPPORTED_MEDIA_TYPE(415, false),
  HEADERS_TOO_LARGE(431, false),
  RATE_LIMITED(429, true),
  SESSION_LIMIT(429, false),
  SESSION_STORE_FULL(507, false),
  OVERLOADED(503, true),
  SHUTTING_DOWN(503, true),
  SERVICE_UNAVAILABLE(503, true),
  INTERNAL_ERROR(500, false),
  // A turn's end before its answer was whole (TIMEOUT also for an internal service that did not answer).
  TIMEOUT(504, true),
  INVALID_MODEL(400, false),
  UPSTREAM_ERROR(502, false),
  UPSTREAM_UNAVAILABLE(502, true),
  UPSTREAM_PROTOCOL(502, false),
  CONTENT_BLOCKED(422, false),
  NOT_STORED(500, false),
  STOPPED(502, false),
  ABANDONED(502, false),
  SHUTDOWN(502, true),
  NODE_LOST(502, true);

  private final int status;
  private final boolean retryable;

  Failure(int status, boolean retryable) {
    this.status = status;
    this.retryable = retryable;
  }

  /** The code clients read: {@code upstream_error}, {@code not_found}… */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int status() {
    return status;
  }

  /** Whether the same request may succeed later (a limit, an overload, a provider's hiccup). */
  public boolean retryable() {
    return retryable;
  }

  /** The {@code type} of OpenAI's error object: the server's fault or the request's. */
  public String openAiType() {
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  /** The failure a wire code names (one that came back over the event bus or out of a journal); null when none does. */
  public static Failure of(String code) {
    for (Failure failure : values()) {
      if (failure.code().equals(code)) {
        return failure;
      }
    }
    return null;
  }

  /**
   * The failure a bare HTTP status stands for, where nothing more precise is known (a framework's own
   * 404 or 413, a service's failure code on the event bus).
   */
  public static Failure forStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 414 -> URI_TOO_LONG;
      case 415 -> UNSUPPORTED_MEDIA_TYPE;
      case 429 -> RATE_LIMITED;
      case 431 -> HEADERS_TOO_LARGE;
      case 502 -> UPSTREAM_ERROR;
      case 503 -> SERVICE_UNAVAILABLE;
      case 504 -> TIMEOUT;
      case 507 -> SESSION_STORE_FULL;
      default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    };
  }
}
