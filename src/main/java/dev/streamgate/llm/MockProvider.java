package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded model: no key, no network. Streams a deterministic reply word by word, one word per
 * {@code delayMs}. The reply quotes the last user message and says which turn of the conversation it
 * is (the user messages it was given), so multi-turn context is visible from the outside.
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

  @Override
  public Generation start(LlmRequest request, String model, ChunkSink sink) {
    List<ChatMessage> messages = request.messages();
    long turn = messages.stream().filter(m -> ChatMessage.USER.equals(m.role())).count();
    String question = messages.isEmpty() ? "" : messages.get(messages.size() - 1).content();
    String reply = "This is turn " + turn + " of our conversation. You said: \"" + question + "\". "
        + "I am the built-in mock model, streaming this answer word by word so you can watch "
        + "Server-Sent Events at work.";
    Playback playback = new Playback(words(reply), sink, promptWords(messages));
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

  private static long promptWords(List<ChatMessage> messages) {
    return messages.stream().mapToLong(m -> words(m.content()).size()).sum();
  }

  /** One reply being played back on a timer; while the turn is paused no next word is scheduled. */
  private final class Playback implements Generation {
    private final List<String> words;
    private final ChunkSink sink;
    private final long promptTokens;
    private int next;
    private long timer = -1;
    private boolean cancelled;
    private boolean over;

    Playback(List<String> words, ChunkSink sink, long promptTokens) {
      this.words = words;
      this.sink = sink;
      this.promptTokens = promptTokens;
    }

    void schedule() {
      timer = vertx.setTimer(Math.max(1, config.delayMs()), id -> emit());
    }

    private void emit() {
      timer = -1;
      if (cancelled || sink.paused()) {
        return; // resume schedules the next word
      }
      if (next < words.size()) {
        sink.text(words.get(next++));
        sink.flush();
        schedule();
      } else {
        over = true;
        sink.done("stop", new Usage(promptTokens, words.size()));
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
