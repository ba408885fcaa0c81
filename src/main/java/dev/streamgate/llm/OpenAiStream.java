package dev.streamgate.llm;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
    resp.handler(buffer -> {
      try {
        parser.feed(buffer);
      } catch (IllegalStateException tooLong) {
        abort("upstream_protocol", errors.malformed(tooLong.getMessage()));
      }
    });
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
    JsonObject chunk;
    try {
      chunk = new JsonObject(event.data());
    } catch (DecodeException | ClassCastException e) {
      abort("upstream_protocol", errors.malformed(event.data()));
      return;
    }
    if (chunk.getValue("error") != null) {
      abort("upstream_error", errors.reported(chunk));
      return;
    }
    read(chunk);
  }

  private void read(JsonObject chunk) {
    JsonArray choices = chunk.getJsonArray("choices");
    if (choices != null && !choices.isEmpty() && choices.getValue(0) instanceof JsonObject choice) {
      if (choice.getValue("delta") instanceof JsonObject delta && delta.getValue("content") instanceof String text) {
        sink.delta(text);
      }
      if (choice.getValue("finish_reason") instanceof String reason) {
        finishReason = reason;
      }
    }
    if (chunk.getValue("usage") instanceof JsonObject u) {
      usage = new Usage(u.getLong("prompt_tokens", 0L), u.getLong("completion_tokens", 0L));
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
