package dev.streamgate.http;

import dev.streamgate.dialect.TurnDialect;
import dev.streamgate.dialect.TurnFailure;
import dev.streamgate.dialect.TurnResult;
import dev.streamgate.dialect.TurnStart;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * A turn written straight to the client that asked, in its dialect; the client leaving ends the turn,
 * and so does a client that stops reading for longer than the slow-reader bounds (it is dropped).
 */
final class ResponseOutput implements TurnOutput {

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final TurnDialect dialect;
  private final SlowReader reader;

  ResponseOutput(HttpServerRequest request, TurnDialect dialect, SlowReader.Bounds slowReader) {
    this.request = request;
    this.response = request.response();
    this.dialect = dialect;
    this.reader = new SlowReader(request, slowReader);
  }

  @Override
  public void open(TurnStart start, Runnable gone, Runnable stop) {
    if (response.closed()) {
      gone.run();
      return;
    }
    response.putHeader("X-Request-Id", start.turnId());
    dialect.open(response, request.version(), start);
    response.closeHandler(v -> gone.run());
  }

  @Override
  public void deltas(List<String> deltas) {
    Buffer encoded = dialect.deltas(deltas);
    if (encoded != null) {
      write(encoded);
    }
  }

  @Override
  public boolean full(Runnable drained) {
    return reader.full(drained);
  }

  @Override
  public void idle() {
    Buffer ping = dialect.ping();
    if (ping != null) {
      write(ping);
    }
  }

  /** A client that stopped reading is dropped here; like any client that leaves, its close handler then says so. */
  @Override
  public boolean abandoned(long now) {
    reader.sweep(now);
    return false;
  }

  @Override
  public void complete(TurnResult result) {
    if (open()) {
      dialect.complete(response, result);
    }
  }

  @Override
  public void fail(TurnFailure failure) {
    if (open()) {
      dialect.fail(response, failure);
    }
  }

  @Override
  public String dialect() {
    return dialect.name();
  }

  @Override
  public String clientIp() {
    return TurnOutput.clientIp(request);
  }

  private boolean open() {
    return !response.closed() && !response.ended();
  }

  private void write(Buffer bytes) {
    if (open()) {
      response.write(bytes);
      reader.wrote(bytes.length());
    }
  }
}
