package dev.streamgate.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's share of the fake provider: an HTTP server answering
 * {@code POST /v1/chat/completions} with a streamed completion, and one 1 ms ticker that advances all
 * of this loop's streams that are due. A timer per stream at 1 ms rates would cost more than the relay
 * being measured; one ticker per loop keeps the provider cheap and every stream on its own schedule.
 */
final class ProviderVerticle extends VerticleBase {

  private static final long TICK_MS = 1;

  private final String host;
  private final int port;
  private final List<ProviderStream> streams = new ArrayList<>();

  ProviderVerticle(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(TICK_MS, id -> tick());
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setAcceptBacklog(8192))
        .requestHandler(this::handle)
        .listen(port, host);
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && "/health".equals(request.path())) {
      request.response().end("ok");
    } else if (request.method() == HttpMethod.POST && "/v1/chat/completions".equals(request.path())) {
      request.body().onSuccess(body -> open(request, body));
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void open(HttpServerRequest request, Buffer body) {
    StreamSpec spec = StreamSpec.parse(lastMessage(body));
    if (spec == null) {
      request.response().setStatusCode(400).end("{\"error\":{\"message\":\"expected a bench spec\"}}");
      return;
    }
    request.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .writeHead();
    ProviderStream stream = new ProviderStream(request.response(), spec, System.nanoTime());
    if (!stream.advance(System.nanoTime())) {
      streams.add(stream);
    }
  }

  private static String lastMessage(Buffer body) {
    try {
      JsonArray messages = new JsonObject(body).getJsonArray("messages");
      return messages.getJsonObject(messages.size() - 1).getString("content");
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  /** Advances every due stream; drops those that ended or lost their client (swap-remove keeps it O(n)). */
  private void tick() {
    long now = System.nanoTime();
    for (int i = streams.size() - 1; i >= 0; i--) {
      if (streams.get(i).advance(now)) {
        int last = streams.size() - 1;
        streams.set(i, streams.get(last));
        streams.remove(last);
      }
    }
  }
}
