package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamgate.bus.Delta;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Coverage-guided fuzzing (Jazzer) of what reads a provider's streamed answer: the event-stream parser
 * and the NDJSON splitter, each feeding its providers' readers (OpenAI, Anthropic and Gemini over
 * SSE, Ollama over NDJSON), wired as {@code UpstreamCall} wires them. Whatever the bytes: nothing
 * escapes but the documented rejections (a {@link ProviderFailure}, or a {@link LineTooLongException}
 * for a line over the bound), and the bytes cut into any pieces, as network reads cut them, give the
 * same events, text and ending as in one piece.
 *
 * <p>An input is {@code [provider][cut seed][stream bytes…]}. Seeds (recorded streams of each provider)
 * and every input the fuzzer once found are kept in {@code src/test/resources/dev/streamgate/llm/
 * ProviderStreamFuzzTestInputs} and replayed first; see the README (Fuzzing).
 */
class ProviderStreamFuzzTest {

  private static final int MAX_LINE_BYTES = 256;
  private static final String API_KEY = "sk-fuzz-secret";
  private static final String[] PROVIDERS = {"openai", "anthropic", "gemini", "ollama"};

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"data: ", "event: ", "id: ", "[DONE]", "\"choices\"", "\"delta\"", "\"content\"",
      "\"finish_reason\"", "\"usage\"", "\"error\"", "message_start", "content_block_delta", "message_delta",
      "message_stop", "\"text_delta\"", "\"text\"", "\"candidates\"", "\"parts\"", "\"finishReason\"",
      "\"usageMetadata\"", "\"promptFeedback\"", "\"message\"", "\"done\"", "\"done_reason\"", "\"eval_count\""})
  void anyStreamInAnyPiecesEndsTheSameWayAndThrowsOnlyDocumentedFailures(byte[] input) {
    if (input.length < 2) {
      return;
    }
    String provider = PROVIDERS[Math.floorMod(input[0], PROVIDERS.length)];
    byte[] stream = Arrays.copyOfRange(input, 2, input.length);
    Outcome whole = read(provider, stream, new int[] {stream.length});
    Outcome cut = read(provider, stream, cuts(input[1], stream.length));
    assertThat(cut).isEqualTo(whole);
    if (whole.ending().startsWith("failed")) {
      assertThat(whole.ending()).as("provider errors never carry the API key").doesNotContain(API_KEY);
    }
  }

  /** What a turn made of the stream: its events (SSE only), its text, and how it ended. */
  record Outcome(List<SseEvent> events, String text, String ending) {
  }

  /** Piece sizes (the last piece takes the rest) drawn from {@code seed}: 0 to 16 cuts of 0 to 40 bytes. */
  private static int[] cuts(byte seed, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] sizes = new int[random.nextInt(17) + 1];
    for (int i = 0; i < sizes.length - 1; i++) {
      sizes[i] = random.nextInt(41);
    }
    sizes[sizes.length - 1] = length;
    return sizes;
  }

  private static Outcome read(String provider, byte[] stream, int[] pieces) {
    Recorder sink = new Recorder();
    StreamReader reader = reader(provider, sink);
    List<SseEvent> events = new ArrayList<>();
    boolean ndjson = provider.equals("ollama");
    NdjsonSplitter lines = NdjsonSplitter.decoded(MAX_LINE_BYTES, line -> reader.onEvent(null, line));
    SseEventParser parser = SseEventParser.decoded(MAX_LINE_BYTES, event -> {
      events.add(event);
      reader.onEvent(event.type(), event.data());
    });
    Consumer<Buffer> feed = ndjson ? lines::feed : parser::feed;
    try {
      int from = 0;
      for (int size : pieces) {
        int to = Math.min(stream.length, from + size);
        feed.accept(Buffer.buffer().appendBytes(stream, from, to - from));
        from = to;
      }
      if (ndjson) {
        lines.end();
      }
      reader.onEnd();
      return new Outcome(events, sink.text.toString(), sink.ending);
    } catch (ProviderFailure failure) {
      assertThat(failure.failure().code()).isIn("upstream_protocol", "upstream_error", "content_blocked");
      return new Outcome(events, sink.text.toString(), "failed " + failure.failure().code() + ": "
          + failure.failure().message());
    } catch (LineTooLongException tooLong) {
      assertThat(tooLong).hasMessageContaining("longer than " + MAX_LINE_BYTES + " bytes");
      return new Outcome(events, sink.text.toString(), "line too long");
    }
  }

  private static StreamReader reader(String provider, ChunkSink sink) {
    ProviderErrors errors = new ProviderErrors(provider, "127.0.0.1:1", API_KEY);
    return switch (provider) {
      case "openai" -> new OpenAiReader(sink, errors);
      case "anthropic" -> new AnthropicReader(sink, errors, AnthropicTools.JSON_ANSWER);
      case "gemini" -> new GeminiReader(sink, errors);
      default -> new OllamaReader(sink, errors);
    };
  }

  /** A sink that keeps the text and the first ending, as {@code TurnEmitter} does. */
  private static final class Recorder implements ChunkSink {
    private final StringBuilder text = new StringBuilder();
    private String ending = "running";

    @Override
    public void delta(Delta delta) {
      if (ending.equals("running") && delta.text() != null) {
        text.append(delta.text());
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean paused() {
      return false;
    }

    @Override
    public void done(String finishReason, Usage usage) {
      if (ending.equals("running")) {
        ending = "done " + finishReason + " " + usage;
      }
    }

    @Override
    public void fail(UpstreamFailure failure) {
      if (ending.equals("running")) {
        ending = "failed " + failure.code();
      }
    }
  }
}
