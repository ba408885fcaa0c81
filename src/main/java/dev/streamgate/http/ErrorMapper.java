package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ToolRefused;
import dev.streamgate.dialect.ErrorShape;
import dev.streamgate.dialect.ToolRefusalWords;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: the {@link Failure}'s status, and the body in the shape
 * the path's clients read ({@link ErrorShape}). A failure nobody expected (not a {@link GatewayException},
 * answered 500 or worse) is logged here once, with its stack trace, whatever the path; no stack trace
 * ever reaches a client. Once an event stream has started its status is fixed, so such a failure only
 * closes the connection (the stream itself reports errors as events).
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {
  }

  static void handle(RoutingContext ctx) {
    GatewayException error = toGatewayException(ctx);
    if (error.status() >= 500 && ctx.failure() != null && !(ctx.failure() instanceof GatewayException)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
    }
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    send(response, ErrorShape.forPath(ctx.normalizedPath()), error);
  }

  static void send(HttpServerResponse response, ErrorShape shape, GatewayException error) {
    retryAfter(response, error);
    response.setStatusCode(shape.status(error.failure())).putHeader("Content-Type", "application/json")
        .end(shape.body(error.failure(), error.getMessage(), error.param()).toBuffer());
  }

  /**
   * A refusal the client may retry says when, in seconds: its own figure (a limit knows when it frees
   * up), else 1 for any 503 (a draining node, a missing service), worth retrying soon through another node.
   */
  private static void retryAfter(HttpServerResponse response, GatewayException error) {
    long seconds = error.retryAfterSeconds() > 0 ? error.retryAfterSeconds() : error.status() == 503 ? 1 : 0;
    if (seconds > 0) {
      response.putHeader("Retry-After", Long.toString(seconds));
    }
  }

  private static GatewayException toGatewayException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode());
    }
    if (failure instanceof ToolRefused refused) {
      // A dialect with words of its own (the Responses API) worded it before: these are the native API's.
      return ToolRefusalWords.inNativeWords(refused.refusal());
    }
    if (failure != null) {
      return GatewayException.from(failure);
    }
    return fromStatus(ctx.statusCode());
  }

  /** A status vertx-web answered by itself (no route, wrong method, a body over the limit). */
  private static GatewayException fromStatus(int status) {
    Failure failure = Failure.forStatus(status < 400 ? 500 : status);
    String message = switch (failure) {
      case INVALID_REQUEST -> "Bad request";
      case NOT_FOUND -> "No such endpoint";
      case METHOD_NOT_ALLOWED -> "Method not allowed on this endpoint";
      case PAYLOAD_TOO_LARGE -> "Request body too large";
      case UNSUPPORTED_MEDIA_TYPE -> "Unsupported content type; send application/json";
      case INTERNAL_ERROR -> "Internal server error";
      default -> failure.status() >= 500 ? "Internal server error" : "Request failed";
    };
    return new GatewayException(failure, message);
  }
}
