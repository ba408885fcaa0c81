package dev.streamgate.llm;

import dev.streamgate.Failure;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * One streaming call to a provider: checks the status, splits the body into events (SSE or NDJSON),
 * hands them to the API's {@link StreamReader}, and turns every way the call can fail into one
 * {@link ChunkSink#fail}. Cancel resets the request, so the provider sees its connection closed.
 * Lives on the upstream verticle's event loop.
 */
final class UpstreamCall implements Generation {

  private static final int MAX_LINE_BYTES = 1 << 20;

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private final ProviderApi.Framing framing;
  private final StreamReader reader;
  private HttpClientRequest request;
  private HttpClientResponse response;
  private boolean cancelled;
  private boolean answering;

  UpstreamCall(ChunkSink sink, ProviderErrors errors, ProviderApi.Framing framing, StreamReader reader) {
    this.sink = sink;
    this.errors = errors;
    this.framing = framing;
    this.reader = reader;
  }

  HttpClientRequest attach(HttpClientRequest req) {
    this.request = req;
    if (cancelled) {
      req.reset();
    }
    return req;
  }

  void onResponse(HttpClientResponse resp) {
    if (cancelled) {
      return;
    }
    response = resp;
    if (resp.statusCode() != 200) {
      resp.body().onComplete(body -> sink.fail(new UpstreamFailure(Failure.UPSTREAM_ERROR,
          errors.httpStatus(resp.statusCode(), body.result()), RetryPolicy.retryable(resp.statusCode()),
          RetryPolicy.retryAfterMs(resp.getHeader("Retry-After")))));
      return;
    }
    answering = true;
    Splitter splitter = splitter();
    resp.handler(buffer -> {
      guarded(() -> splitter.feed(buffer));
      sink.flush(); // the deltas of one network read leave together
    });
    resp.exceptionHandler(this::onFailure);
    resp.endHandler(v -> guarded(() -> {
      splitter.end();
      reader.onEnd();
    }));
    if (sink.paused()) {
      resp.pause();
    }
  }

  void onFailure(Throwable err) {
    if (!cancelled) {
      sink.fail(UpstreamFailure.transientFailure(Failure.UPSTREAM_UNAVAILABLE,
          answering ? errors.lost(err) : errors.unreachable(err)));
    }
  }

  /** The body as events; NDJSON lines have no type. */
  private interface Splitter {
    void feed(Buffer buffer);

    void end();
  }

  private Splitter splitter() {
    if (framing == ProviderApi.Framing.NDJSON) {
      NdjsonSplitter lines = new NdjsonSplitter(MAX_LINE_BYTES, (line, length) -> onEvent(null, line, length));
      return new Splitter() {
        public void feed(Buffer buffer) {
          lines.feed(buffer);
        }

        public void end() {
          lines.end();
        }
      };
    }
    SseEventParser events = new SseEventParser(MAX_LINE_BYTES, (type, data, length, id) -> onEvent(type, data, length));
    return new Splitter() {
      public void feed(Buffer buffer) {
        events.feed(buffer);
      }

      public void end() {
        // an unfinished event at the end of an event stream is discarded (WHATWG)
      }
    };
  }

  private void onEvent(String type, byte[] data, int length) {
    if (!cancelled) {
      reader.onEvent(type, data, length);
    }
  }

  /** Runs a step of reading; a failure the stream reveals ends the turn and the call. */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (ProviderFailure failure) {
      abort(failure.failure());
    } catch (LineTooLongException tooLong) {
      abort(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(tooLong.getMessage())));
    }
  }

  private void abort(UpstreamFailure failure) {
    if (!cancelled) {
      sink.fail(failure);
      cancel();
    }
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (request != null) {
        request.reset();
      }
    }
  }

  @Override
  public void pause() {
    if (response != null) {
      response.pause();
    }
  }

  @Override
  public void resume() {
    if (response != null) {
      response.resume();
    }
  }
}
