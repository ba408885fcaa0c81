package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.dialect.ErrorShape;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests the HTTP decoder rejected before any route saw them (headers over {@code MAX_HEADER_BYTES},
 * a request line over 4096 bytes, a malformed request line or header): answered with the JSON error of
 * every other refusal, then the connection is closed, as the decoder cannot be trusted to find the next
 * request on it.
 */
final class MalformedRequests {

  private MalformedRequests() {
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayException error = cause instanceof TooLongHttpHeaderException
        ? new GatewayException(Failure.HEADERS_TOO_LARGE, "The request headers are larger than the server accepts")
        : cause instanceof TooLongHttpLineException
            ? new GatewayException(Failure.URI_TOO_LONG, "The request line is longer than the server accepts")
            : GatewayException.badRequest("The request is not valid HTTP");
    request.response().putHeader("Connection", "close");
    ErrorMapper.send(request.response(), ErrorShape.forPath(request.path()), error);
    request.connection().close();
  }
}
