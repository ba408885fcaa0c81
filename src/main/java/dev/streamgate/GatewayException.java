package dev.streamgate;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A request refused with a {@link Failure}, before any stream started, and a message fit for the client.
 * Built without a stack trace (it is an expected outcome, like vertx-web's {@code HttpException}).
 * Crosses the event bus as a {@link ReplyException} whose failure code is the status.
 */
public final class GatewayException extends RuntimeException {

  private final Failure failure;
  private final long retryAfterSeconds;
  private final String param;

  public GatewayException(Failure failure, String message) {
    this(failure, message, 0, null);
  }

  /** A refusal the client may retry: answered with {@code Retry-After: retryAfterSeconds} (when above 0). */
  public GatewayException(Failure failure, String message, long retryAfterSeconds) {
    this(failure, message, retryAfterSeconds, null);
  }

  private GatewayException(Failure failure, String message, long retryAfterSeconds, String param) {
    super(message, null, false, false);
    this.failure = failure;
    this.retryAfterSeconds = retryAfterSeconds;
    this.param = param;
  }

  public static GatewayException notFound(String message) {
    return new GatewayException(Failure.NOT_FOUND, message);
  }

  public static GatewayException badRequest(String message) {
    return new GatewayException(Failure.INVALID_REQUEST, message);
  }

  /**
   * A request field that is wrong: 400, with {@code param} (its path, {@code messages[2].content}) for
   * the dialects that name it apart.
   */
  public static GatewayException invalid(String param, String message) {
    return new GatewayException(Failure.INVALID_REQUEST, message, 0, param);
  }

  /** A new turn asked of a node that is shutting down (draining); nothing was stored. */
  public static GatewayException draining() {
    return new GatewayException(Failure.SHUTTING_DOWN, "This node is shutting down and takes no new turns; retry,"
        + " another node will answer");
  }

  public Failure failure() {
    return failure;
  }

  public int status() {
    return failure.status();
  }

  public String code() {
    return failure.code();
  }

  /** The request field at fault, or null. */
  public String param() {
    return param;
  }

  /** Seconds a client should wait before it tries again; 0 when the answer carries no {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Maps any failure to a client-safe exception: known ones keep their failure, the rest become internal errors. */
  public static GatewayException from(Throwable err) {
    if (err instanceof GatewayException known) {
      return known;
    }
    if (err instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new GatewayException(Failure.TIMEOUT, "An internal service did not answer in time");
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new GatewayException(Failure.SERVICE_UNAVAILABLE, "An internal service is not available");
      }
      int status = reply.failureCode();
      if (status >= 400 && status < 600) {
        return new GatewayException(Failure.forStatus(status), reply.getMessage());
      }
    }
    return new GatewayException(Failure.INTERNAL_ERROR, "Internal server error");
  }
}
