package dev.streamgate;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A failure that already knows the HTTP status it maps to, with a stable machine-readable code.
 * Built without a stack trace (it is an expected outcome, like vertx-web's {@code HttpException}).
 * Crosses the event bus as a {@link ReplyException} whose failure code is the status.
 */
public final class GatewayException extends RuntimeException {

  private final int status;
  private final String code;
  private final long retryAfterSeconds;

  public GatewayException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  /** A refusal the client may retry: answered with {@code Retry-After: retryAfterSeconds} (when above 0). */
  public GatewayException(int status, String code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static GatewayException notFound(String message) {
    return new GatewayException(404, "not_found", message);
  }

  public static GatewayException badRequest(String message) {
    return new GatewayException(400, "invalid_request", message);
  }

  /** A new turn asked of a node that is shutting down (draining); nothing was stored. */
  public static GatewayException draining() {
    return new GatewayException(503, "shutting_down", "This node is shutting down and takes no new turns; retry,"
        + " another node will answer");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds a client should wait before it tries again; 0 when the answer carries no {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Maps any failure to a client-safe exception: known ones keep their status, the rest become 500. */
  public static GatewayException from(Throwable err) {
    if (err instanceof GatewayException known) {
      return known;
    }
    if (err instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new GatewayException(504, "timeout", "An internal service did not answer in time");
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new GatewayException(503, "service_unavailable", "An internal service is not available");
      }
      int status = reply.failureCode();
      if (status >= 400 && status < 600) {
        return new GatewayException(status, codeFor(status), reply.getMessage());
      }
    }
    return new GatewayException(500, "internal_error", "Internal server error");
  }

  public static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "service_unavailable";
      case 504 -> "timeout";
      default -> status >= 500 ? "internal_error" : "invalid_request";
    };
  }
}
