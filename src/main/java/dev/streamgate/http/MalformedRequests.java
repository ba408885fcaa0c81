package dev.streamgate.http;

import dev.streamgate.GatewayException;
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
        ? new GatewayException(431, "headers_too_large", "The request headers are larger than the server accepts")
        : cause instanceof TooLongHttpLineException
            ? new GatewayException(414, "uri_too_long", "The request line is longer than the server accepts")
            : GatewayException.badRequest("The request is not valid HTTP");
    request.response().putHeader("Connection", "close");
    ErrorMapper.send(request.response(), error);
    request.connection().close();
  }
}
