package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.ToolCalls;
import dev.streamgate.support.FakeOpenAi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every provider's recorded stream, cut at every byte position, reads to the same answer: the same
 * deltas (text, reasoning, tool calls) in the same order, one {@code done} with finish reason and usage.
 */
class ProviderStreamsTest {

  static Stream<Arguments> recordings() {
    String text = text("expected-text.txt");
    return Stream.of(
        Arguments.of("openai-chat-stream.txt", ProviderApi.Framing.SSE,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) OpenAiReader::new,
            text("openai-chat-stream.expected.txt"), "", new Usage(19, 31), "[]"),
        Arguments.of("openai-tool-call-stream.txt", ProviderApi.Framing.SSE,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) OpenAiReader::new, "", "", new Usage(67, 31),
            "[{\"id\":\"call_PieqNSej6kM9hgYbcQdbZSaC\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"location\\\": \\\"Tokyo\\\"}\"}}]"),
        Arguments.of("deepseek-reasoning-stream.txt", ProviderApi.Framing.SSE,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) OpenAiReader::new, "Hello! How can I assist you today?",
            "Okay, the user wrote \"hello\". I should respond in a friendly way.", new Usage(6, 92, 0, 81), "[]"),
        Arguments.of("anthropic-messages-stream.txt", ProviderApi.Framing.SSE,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) (sink, e) -> new AnthropicReader(sink, e, null), text, "Let me think",
            new Usage(25, 31), "[]"),
        Arguments.of("gemini-stream.txt", ProviderApi.Framing.SSE,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) GeminiReader::new, text, "thinking about it",
            new Usage(9, 31), "[]"),
        Arguments.of("ollama-chat-stream.ndjson", ProviderApi.Framing.NDJSON,
            (BiFunction<ChunkSink, ProviderErrors, StreamReader>) OllamaReader::new, text, "", new Usage(26, 31), "[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void everySplitReadsToTheSameAnswer(String recording, ProviderApi.Framing framing,
      BiFunction<ChunkSink, ProviderErrors, StreamReader> readers, String text, String reasoning, Usage usage,
      String toolCalls) {
    byte[] bytes = FakeOpenAi.recording(recording);
    Answer whole = read(framing, readers, List.of(bytes));
    assertThat(whole.deltas.stream().filter(Delta::isAnswerText).map(Delta::text).collect(Collectors.joining()))
        .isEqualTo(text);
    assertThat(whole.deltas.stream().filter(d -> d.kind() == Delta.Kind.REASONING).map(Delta::text)
        .collect(Collectors.joining())).isEqualTo(reasoning);
    JsonArray calls = new JsonArray();
    ToolCalls.assemble(whole.deltas, 0).forEach(call -> calls.add(call.toJson()));
    assertThat(calls).isEqualTo(new JsonArray(toolCalls));
    assertThat(whole.ends).containsExactly("done " + (calls.isEmpty() ? "stop " : "tool_calls ") + usage);

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

  /** What a reader reported. */
  record Answer(List<Delta> deltas, List<String> ends) {
  }

  private static Answer read(ProviderApi.Framing framing, BiFunction<ChunkSink, ProviderErrors, StreamReader> readers,
      List<byte[]> pieces) {
    List<Delta> deltas = new ArrayList<>();
    List<String> ends = new ArrayList<>();
    ChunkSink sink = new ChunkSink() {
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
    };
    StreamReader reader = readers.apply(sink, new ProviderErrors("test", "localhost", ""));
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

  private static String text(String recording) {
    return new String(FakeOpenAi.recording(recording), StandardCharsets.UTF_8);
  }
}
