package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The embedded model: no key, no network. Streams a deterministic answer ({@link MockAnswer}) step by
 * step, one step (a word, mostly) per {@code delayMs}. By default the answer quotes the last user
 * message and says which turn of the conversation it is (the user messages it was given), so
 * multi-turn context is visible from the outside.
 */
final class MockProvider implements Provider {

  private final Vertx vertx;
  private final GatewayConfig.Mock config;

  MockProvider(Vertx vertx, GatewayConfig.Mock config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public String name() {
    return "mock";
  }

  /** Everything: the mock takes any parameter, and those that only tune sampling leave its answer as it is. */
  @Override
  public Set<String> honours() {
    return TurnOptions.ALL_ASKS;
  }

  @Override
  public Generation start(LlmRequest request, String model, ChunkSink sink) {
    Playback playback = new Playback(MockAnswer.of(request), sink);
    playback.schedule();
    return playback;
  }

  /** Splits after each space, so the words concatenate back to exactly {@code text}. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == ' ') {
        words.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      words.add(text.substring(start));
    }
    return words;
  }

  /** One answer being played back on a timer; while the turn is paused no next word is scheduled. */
  private final class Playback implements Generation {
    private final MockAnswer.Script script;
    private final ChunkSink sink;
    private int next;
    private long timer = -1;
    private boolean cancelled;
    private boolean over;

    Playback(MockAnswer.Script script, ChunkSink sink) {
      this.script = script;
      this.sink = sink;
    }

    void schedule() {
      timer = vertx.setTimer(Math.max(1, config.delayMs()), id -> emit());
    }

    private void emit() {
      timer = -1;
      if (cancelled || sink.paused()) {
        return; // resume schedules the next word
      }
      if (next < script.steps().size()) {
        script.steps().get(next++).forEach(sink::delta);
        sink.flush();
        schedule();
      } else {
        over = true;
        sink.done(script.finishReason(), script.usage());
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      vertx.cancelTimer(timer);
    }

    /** Nothing to do: the next word looks at the turn before it is played (the sink knows it is paused). */
    @Override
    public void pause() {
    }

    @Override
    public void resume() {
      if (!cancelled && !over && timer < 0) {
        schedule();
      }
    }
  }
}
