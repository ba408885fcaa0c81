package dev.streamgate.dialect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * How one client wire format writes a turn: one core pipeline ({@code http.TurnStream}) relays every
 * turn, and a dialect only maps its moments to bytes. One instance per turn, used on the HTTP
 * verticle's event loop. The pipeline checks that the response is still open before each call.
 */
public interface TurnDialect {

  /** The turn starts: set the status and headers and send what this dialect shows first (headers at least). */
  /** A short fixed name, for metrics and logs. */
  String name();

  void open(HttpServerResponse response, HttpVersion version, TurnStart start);

  /** The bytes for deltas that arrived together, each its own event; null to write nothing yet. */
  Buffer deltas(List<String> deltas);

  /** A keep-alive for a stream that has been idle, or null when this dialect sends none. */
  Buffer ping();

  /** The answer is complete (and stored, for a turn with a session): end the response. */
  void complete(HttpServerResponse response, TurnResult result);

  /** The turn failed: end the response with this dialect's error. */
  void fail(HttpServerResponse response, TurnFailure failure);
}
