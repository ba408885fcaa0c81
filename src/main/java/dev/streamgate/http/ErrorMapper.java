package dev.streamgate.http;

import dev.streamgate.GatewayException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP answers: {@code {"error":{"code","message"}}} with the status the
 * failure carries. Failures that are not an expected outcome (a {@link GatewayException}: say a draining
 * node's 503) are logged once here; unknown ones are answered 500 without details; no stack
 * trace ever reaches a client. Once an event stream has started its status is fixed, so such a
 * failure only closes the connection (the stream itself reports errors as events).
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {
  }

  static void handle(RoutingContext ctx) {
    if (ctx.normalizedPath().startsWith("/v1/")) {
      OpenAiRoutes.error(ctx); // OpenAI's clients read OpenAI's error shape, also for a method or path no route has
      return;
    }
    GatewayException error = toGatewayException(ctx);
    HttpServerResponse response = ctx.response();
    if (error.status() >= 500 && !(ctx.failure() instanceof GatewayException)) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    send(response, error);
  }

  static void send(HttpServerResponse response, GatewayException error) {
    JsonObject body = new JsonObject().put("error",
        new JsonObject().put("code", error.code()).put("message", error.getMessage()));
    retryAfter(response, error);
    response.setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  /**
   * A refusal the client may retry says when, in seconds: its own figure (a limit knows when it frees
   * up), else 1 for any 503 (a draining node, a missing service), worth retrying soon through another node.
   */
  static void retryAfter(HttpServerResponse response, GatewayException error) {
    long seconds = error.retryAfterSeconds() > 0 ? error.retryAfterSeconds() : error.status() == 503 ? 1 : 0;
    if (seconds > 0) {
      response.putHeader("Retry-After", Long.toString(seconds));
    }
  }

  static GatewayException toGatewayException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode());
    }
    if (failure != null) {
      return GatewayException.from(failure);
    }
    return fromStatus(ctx.statusCode());
  }

  private static GatewayException fromStatus(int status) {
    int code = status < 400 ? 500 : status;
    String message = switch (code) {
      case 400 -> "Bad request";
      case 404 -> "No such endpoint";
      case 405 -> "Method not allowed on this endpoint";
      case 413 -> "Request body too large";
      case 415 -> "Unsupported content type; send application/json";
      default -> code >= 500 ? "Internal server error" : "Request failed";
    };
    return new GatewayException(code, GatewayException.codeFor(code), message);
  }
}
