package dev.streamgate.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeUnit;

/**
 * One streamed completion of the fake provider. Token i is due at {@code start + first + i·every};
 * each is its own write, in OpenAI's chunk format. Schedules are absolute, so a late tick catches up
 * instead of stretching the stream. A full write queue (the relay reads slower) holds the stream back,
 * as TCP would hold back a real provider.
 */
final class ProviderStream {

  private static final Buffer FINISH =
      Buffer.buffer("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
  private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

  private final HttpServerResponse response;
  private final int tokens;
  private final long everyNanos;
  private long dueAt;
  private int next;

  ProviderStream(HttpServerResponse response, StreamSpec spec, long startedAt) {
    this.response = response;
    this.tokens = spec.tokens();
    this.everyNanos = TimeUnit.MILLISECONDS.toNanos(spec.everyMs());
    this.dueAt = startedAt + TimeUnit.MILLISECONDS.toNanos(spec.firstMs());
  }

  /** Writes what is due by {@code now}; true once the stream is over (ended, or the client left). */
  boolean advance(long now) {
    if (response.closed()) {
      return true;
    }
    while (next < tokens && dueAt - now <= 0 && !response.writeQueueFull()) {
      response.write(token(next++));
      dueAt += everyNanos;
    }
    if (next < tokens || response.writeQueueFull()) {
      return false;
    }
    response.write(FINISH.copy());
    response.write(usage(tokens));
    response.end(DONE.copy());
    return true;
  }

  private static Buffer token(int i) {
    return Buffer.buffer(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + StreamSpec.token(i) + "\"}}]}\n\n");
  }

  private static Buffer usage(int tokens) {
    return Buffer.buffer(
        "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":" + tokens + "}}\n\n");
  }
}
