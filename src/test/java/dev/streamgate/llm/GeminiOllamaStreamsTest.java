package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.bus.Delta;
import dev.streamgate.support.FakeOpenAi;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gemini's and Ollama's recorded streams of more than text (reasoning then parallel tool calls, several
 * candidates, a JSON answer), cut at every byte position (multi-byte characters and CRLFs included),
 * read to the same typed deltas, in order, and one {@code done} with the finish reason and the usage.
 */
class GeminiOllamaStreamsTest {

  private static final String TOKYO = "{\"city\":\"東京\"}";
  private static final String PARIS = "{\"city\":\"Paris\"}";

  static Stream<Arguments> recordings() {
    // Ids of their own: calls in these recordings name none, and the random default would differ per read.
    BiFunction<ChunkSink, ProviderErrors, StreamReader> gemini = (sink, e) -> new GeminiReader(sink, e, "c_");
    BiFunction<ChunkSink, ProviderErrors, StreamReader> ollama = (sink, e) -> new OllamaReader(sink, e, "c_");
    return Stream.of(
        Arguments.of("gemini-tool-call-stream.txt", ProviderApi.Framing.SSE, gemini, List.of(
            Delta.reasoning(0, "**Finding the weather tool**\n\nThe user asks about two cities, Tōkyō (東京) and "
                + "Paris, so I will call `get_weather` for each.\n"),
            Delta.reasoning(0, "**Calling in parallel**\n\nBoth lookups are independent; I'll make them together. 🌦\n"),
            // The first call's thought signature rides in its id; the second came without one.
            Delta.toolCall(0, 0, "c_0__thought__" + GeminiTurnsTest.SIGNATURE, "get_weather"),
            Delta.toolArguments(0, 0, TOKYO),
            Delta.toolCall(0, 1, "c_1", "get_weather"), Delta.toolArguments(0, 1, PARIS)),
            "done tool_calls " + new Usage(54, 17 + 161, 32, 161)),
        Arguments.of("gemini-candidates-stream.txt", ProviderApi.Framing.SSE, gemini, List.of(
            Delta.text(0, "Bonjour"), Delta.text(1, "Salut"), Delta.text(0, " ! Ça va, l'été ? ☀️"),
            Delta.text(1, " tout le monde, ça roule ? 🚲"), Delta.finish(1, "length")),
            "done stop " + new Usage(9, 23)),
        Arguments.of("gemini-json-stream.txt", ProviderApi.Framing.SSE, gemini, List.of(
            Delta.text(0, "{\"city\": \"Nice\", \"deg"), Delta.text(0, "rees\": 21, \"sunny\": true}")),
            "done stop " + new Usage(12, 14)),
        Arguments.of("ollama-tool-call-stream.ndjson", ProviderApi.Framing.NDJSON, ollama, Stream.concat(
            Stream.of("Okay", ", the user", " wants the weather", " in Tōkyō (東京)", " and Paris.", " I'll call",
                " get_weather", " for each. 🌦").map(text -> Delta.reasoning(0, text)),
            Stream.of(Delta.toolCall(0, 0, "c_0", "get_weather"), Delta.toolArguments(0, 0, TOKYO),
                Delta.toolCall(0, 1, "c_1", "get_weather"), Delta.toolArguments(0, 1, PARIS))).toList(),
            "done tool_calls " + new Usage(187, 96)),
        Arguments.of("ollama-json-stream.ndjson", ProviderApi.Framing.NDJSON, ollama, List.of(
            Delta.text(0, "{\"city\": \"Nice\","), Delta.text(0, " \"degrees\": 21,"),
            Delta.text(0, " \"sunny\": true}")),
            "done stop " + new Usage(34, 14)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void everySplitReadsToTheSameDeltas(String recording, ProviderApi.Framing framing,
      BiFunction<ChunkSink, ProviderErrors, StreamReader> readers, List<Delta> deltas, String end) {
    byte[] bytes = FakeOpenAi.recording(recording);
    Answer whole = read(framing, readers, List.of(bytes));
    assertThat(whole).isEqualTo(new Answer(deltas, List.of(end)));

    for (int cut = 1; cut < bytes.length; cut++) {
      List<byte[]> pieces = List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length));
      assertThat(read(framing, readers, pieces)).as("cut at byte %d", cut).isEqualTo(whole);
    }
    List<byte[]> single = new ArrayList<>();
    for (byte b : bytes) {
      single.add(new byte[] {b});
    }
    assertThat(read(framing, readers, single)).as("one byte at a time").isEqualTo(whole);
  }

  @Test
  void anotherCandidateWithheldEndsAsContentFilterWhileTheFirstGoesOn() {
    String stream = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Sure\"}],\"role\": \"model\"},"
        + "\"index\": 0},{\"content\": {\"parts\": [{\"text\": \"I can\"}],\"role\": \"model\"},"
        + "\"finishReason\": \"SAFETY\",\"index\": 1}]}\r\n\r\n"
        + "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \".\"}],\"role\": \"model\"},"
        + "\"finishReason\": \"MAX_TOKENS\",\"index\": 0}]}\r\n\r\n";
    Answer answer = read(ProviderApi.Framing.SSE, GeminiReader::new, List.of(stream.getBytes(StandardCharsets.UTF_8)));
    assertThat(answer).isEqualTo(new Answer(List.of(Delta.text(0, "Sure"), Delta.text(1, "I can"),
        Delta.finish(1, "content_filter"), Delta.text(0, ".")), List.of("done length null")));
  }

  /** What a reader reported. */
  record Answer(List<Delta> deltas, List<String> ends) {
  }

  private static Answer read(ProviderApi.Framing framing, BiFunction<ChunkSink, ProviderErrors, StreamReader> readers,
      List<byte[]> pieces) {
    List<Delta> deltas = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    StreamReader reader = readers.apply(new ChunkSink() {
      public void delta(Delta delta) {
        deltas.add(delta);
      }

      public void flush() {
      }

      public boolean paused() {
        return false;
      }

      public void done(String finishReason, Usage usage) {
        ends.add("done " + finishReason + " " + usage);
      }

      public void fail(UpstreamFailure failure) {
        ends.add("fail " + failure);
      }
    }, new ProviderErrors("test", "localhost", ""));
    if (framing == ProviderApi.Framing.NDJSON) {
      NdjsonSplitter lines = NdjsonSplitter.decoded(1 << 20, line -> reader.onEvent(null, line));
      pieces.forEach(p -> lines.feed(Buffer.buffer(p)));
      lines.end();
    } else {
      SseEventParser events = SseEventParser.decoded(1 << 20, e -> reader.onEvent(e.type(), e.data()));
      pieces.forEach(p -> events.feed(Buffer.buffer(p)));
    }
    reader.onEnd();
    return new Answer(deltas, ends);
  }
}
