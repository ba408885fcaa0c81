package dev.streamgate.llm;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;

/**
 * One streaming chat completion: reads the provider's event stream, reports deltas, and ends with the
 * finish reason and usage (which, with {@code include_usage}, arrives in a last chunk of its own
 * before {@code [DONE]}). Lives on the upstream verticle's event loop.
 */
final class OpenAiStream implements Generation {

  private static final int MAX_LINE_BYTES = 1 << 20;

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private HttpClientRequest request;
  private HttpClientResponse response;
  private boolean cancelled;
  private boolean paused;
  private boolean answering;
  private String finishReason;
  private Usage usage;

  OpenAiStream(ChunkSink sink, ProviderErrors errors) {
    this.sink = sink;
    this.errors = errors;
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
      resp.body().onComplete(body -> sink.fail("upstream_error", errors.httpStatus(resp.statusCode(), body.result())));
      return;
    }
    answering = true;
    SseEventParser parser = new SseEventParser(MAX_LINE_BYTES, this::onEvent);
    resp.handler(buffer -> sink.read(() -> {
      try {
        parser.feed(buffer);
      } catch (IllegalStateException tooLong) {
        abort("upstream_protocol", errors.malformed(tooLong.getMessage()));
      }
    }));
    resp.exceptionHandler(this::onFailure);
    resp.endHandler(v -> onEnd());
    if (paused) {
      resp.pause();
    }
  }

  void onFailure(Throwable err) {
    if (!cancelled) {
      sink.fail("upstream_unavailable", answering ? errors.lost(err) : errors.unreachable(err));
    }
  }

  private void onEvent(SseEvent event) {
    if (cancelled) {
      return;
    }
    if ("[DONE]".equals(event.data())) {
      sink.done(finishReason, usage);
      return;
    }
    OpenAiEvent chunk;
    try {
      chunk = OpenAiEvent.parse(event.data());
    } catch (IOException e) {
      abort("upstream_protocol", errors.malformed(event.data()));
      return;
    }
    if (chunk.error() != null) {
      abort("upstream_error", errors.reported(chunk.error()));
      return;
    }
    sink.delta(chunk.content());
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
  }

  private void onEnd() {
    // Some compatible servers omit [DONE]; a finish reason is then proof enough of a whole answer.
    if (finishReason != null) {
      sink.done(finishReason, usage);
    } else {
      sink.fail("upstream_protocol", errors.endedEarly());
    }
  }

  private void abort(String code, String message) {
    sink.fail(code, message);
    cancel();
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
    paused = true;
    if (response != null) {
      response.pause();
    }
  }

  @Override
  public void resume() {
    paused = false;
    if (response != null) {
      response.resume();
    }
  }
}
