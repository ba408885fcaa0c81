package dev.streamgate.bench;

import dev.streamgate.llm.LineTooLongException;
import dev.streamgate.llm.SseEvent;
import dev.streamgate.llm.SseEventParser;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;

/**
 * One stream of the load generator: sends the request, reads the event stream with the project's own
 * incremental parser, and verifies it as it comes: token i must be {@code "t<i> "}, each exactly once
 * and in order, then the dialect's clean end, then the end of the response. The first problem fails
 * the stream and resets the request. Runs entirely on one event loop; its future always succeeds,
 * with a record that says whether the stream was good.
 */
final class StreamCheck {

  /** Longest SSE line accepted; benchmark events are a few hundred bytes. */
  private static final int MAX_LINE_BYTES = 64 * 1024;

  /** Told when a stream's response starts and when the stream is over, for the open-stream count. */
  interface Listener {
    void opened();

    void closed();
  }

  private final Vertx vertx;
  private final Dialect dialect;
  private final StreamSpec spec;
  private final Listener listener;
  private final StreamRecord record;
  private final Promise<StreamRecord> done = Promise.promise();
  private HttpClientRequest request;
  private boolean opened;
  private boolean completed;
  private boolean over;
  /** When the last bytes arrived: the arrival time of every token they complete. */
  private long lastByteAt;
  private long deadlineTimer;

  StreamCheck(Vertx vertx, Dialect dialect, StreamSpec spec, Listener listener) {
    this.vertx = vertx;
    this.dialect = dialect;
    this.spec = spec;
    this.listener = listener;
    this.record = new StreamRecord(spec.tokens());
  }

  Future<StreamRecord> result() {
    return done.future();
  }

  /** Starts the stream; call on the event loop that is to carry it. */
  void start(HttpClient client, RequestOptions options, long deadlineMs) {
    record.started(System.nanoTime());
    lastByteAt = System.nanoTime();
    deadlineTimer = vertx.setTimer(deadlineMs,
        id -> fail("timeout: not over " + deadlineMs + " ms after the request, " + progress()));
    client.request(options)
        .compose(req -> {
          request = req;
          return req.send(dialect.body(spec));
        })
        .onSuccess(this::onResponse)
        .onFailure(err -> fail("request failed: " + err));
  }

  private void onResponse(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      response.body().onComplete(body -> fail("status: HTTP " + response.statusCode() + " " + body.result()));
      return;
    }
    opened = true;
    listener.opened();
    SseEventParser parser = SseEventParser.decoded(MAX_LINE_BYTES, this::onEvent);
    response.handler(buffer -> onBytes(parser, buffer));
    response.exceptionHandler(err -> fail("connection lost: " + progress() + ": " + err));
    response.endHandler(v -> onEnd());
  }

  private void onBytes(SseEventParser parser, Buffer buffer) {
    if (over) {
      return;
    }
    lastByteAt = System.nanoTime();
    try {
      parser.feed(buffer);
    } catch (LineTooLongException tooLong) {
      fail("protocol: " + tooLong.getMessage());
    }
  }

  private void onEvent(SseEvent event) {
    if (over) {
      return;
    }
    Dialect.Event decoded = dialect.decode(event.data());
    switch (decoded.kind()) {
      case TOKEN -> onToken(decoded.text());
      case COMPLETE -> completed = true;
      case ERROR -> fail("error event: " + decoded.text());
      case OTHER -> {
        // session_info, status, the final empty chunk, finish_reason and usage chunks
      }
    }
  }

  private void onToken(String text) {
    int index = record.tokens();
    if (completed) {
      fail("order: token after the end of the stream");
    } else if (!StreamSpec.token(index).equals(text)) {
      fail("order: token " + index + " was '" + text + "', expected '" + StreamSpec.token(index) + "'");
    } else if (!record.token(lastByteAt)) {
      fail("count: more than " + spec.tokens() + " tokens");
    }
  }

  private void onEnd() {
    if (!completed) {
      fail("truncated: response ended without the end event, " + progress());
    } else if (record.tokens() != spec.tokens()) {
      fail("count: " + record.tokens() + " of " + spec.tokens() + " tokens");
    } else {
      finish(null);
    }
  }

  /** Where the stream was when it failed: the evidence that tells a stall from a cut. */
  private String progress() {
    long at = System.nanoTime();
    return String.format(Locale.ROOT, "after %d tokens, %.1f s after the request, %.1f s since the last byte",
        record.tokens(), (at - record.startedAt()) / 1e9, (at - lastByteAt) / 1e9);
  }

  /** Records the reason first: resetting re-enters through the exception handler, which must not win. */
  private void fail(String reason) {
    if (over) {
      return;
    }
    finish(reason);
    if (request != null) {
      request.reset();
    }
  }

  private void finish(String failure) {
    if (over) {
      return;
    }
    over = true;
    vertx.cancelTimer(deadlineTimer);
    record.ended(System.nanoTime(), failure);
    if (opened) {
      listener.closed();
    }
    done.complete(record);
  }
}
