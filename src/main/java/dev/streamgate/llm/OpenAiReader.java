package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * OpenAI's chat-completions stream: deltas of the first choice, the finish reason, then (with
 * {@code include_usage}) a last chunk of its own with the usage, then {@code [DONE]}. Some compatible
 * servers omit {@code [DONE]}; a finish reason at the end of the response is then proof enough.
 */
final class OpenAiReader implements StreamReader {

  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

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
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    onEvent(type, bytes, bytes.length);
  }

  /** Reads the event from its bytes: no string is made of it, only of the texts it carries. */
  @Override
  public void onEvent(String type, byte[] data, int length) {
    if (Arrays.equals(data, 0, length, DONE, 0, DONE.length)) {
      finish();
      return;
    }
    OpenAiEvent event;
    try {
      event = OpenAiEvent.parse(data, length);
    } catch (IOException e) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL,
          errors.malformed(new String(data, 0, length, StandardCharsets.UTF_8))));
    }
    if (event.error() != null) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR, errors.reported(event.error())));
    }
    List<Delta> deltas = event.deltas();
    for (int i = 0; i < deltas.size(); i++) {
      sink.delta(deltas.get(i));
    }
    // The first answer's end is the turn's; another answer's (n > 1) streams as a delta of its own.
    for (int i = 0; i < event.finishes().size(); i++) {
      Delta finish = event.finishes().get(i);
      if (finish.choice() == 0) {
        finishReason = finish.text();
      } else {
        sink.delta(finish);
      }
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
