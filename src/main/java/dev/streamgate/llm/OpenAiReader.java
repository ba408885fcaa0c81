package dev.streamgate.llm;

import dev.streamgate.Failure;
import java.io.IOException;

/**
 * OpenAI's chat-completions stream: deltas of the first choice, the finish reason, then (with
 * {@code include_usage}) a last chunk of its own with the usage, then {@code [DONE]}. Some compatible
 * servers omit {@code [DONE]}; a finish reason at the end of the response is then proof enough.
 */
final class OpenAiReader implements StreamReader {

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private String finishReason;
  private Usage usage;
  private boolean finished;

  OpenAiReader(ChunkSink sink, ProviderErrors errors) {
    this.sink = sink;
    this.errors = errors;
  }

  @Override
  public void onEvent(String type, String data) {
    if ("[DONE]".equals(data)) {
      finish();
      return;
    }
    OpenAiEvent event;
    try {
      event = OpenAiEvent.parse(data);
    } catch (IOException e) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
    if (event.error() != null) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR, errors.reported(event.error())));
    }
    sink.delta(event.content());
    if (event.finishReason() != null) {
      finishReason = FinishReasons.normalize(event.finishReason());
    }
    if (event.usage() != null) {
      usage = event.usage();
    }
  }

  @Override
  public void onEnd() {
    if (!finished && finishReason == null) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
    finish();
  }

  private void finish() {
    if (!finished) {
      finished = true;
      sink.done(finishReason, usage);
    }
  }
}
