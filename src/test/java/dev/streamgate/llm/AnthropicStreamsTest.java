package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.bus.Delta;
import dev.streamgate.support.FakeOpenAi;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anthropic's recorded streams, cut at every byte position, read to the same typed deltas: reasoning
 * and its signature, text, tool calls numbered among the answer's calls (not by content block), the JSON answer tool's
 * input as text, the finish reason in the gateway's words and the usage with the cache's tokens.
 */
class AnthropicStreamsTest {

  private static final String PARIS = "toolu_01T1x1fJ34qAmk2tNTrN7Up6";
  private static final String TOKYO = "toolu_01A09q90qw90lq917835lq9";

  static Stream<Arguments> recordings() {
    return Stream.of(
        Arguments.of("anthropic-tool-use-stream.txt", List.of(
            Delta.reasoning(0, "The user asks about Paris and Tokyo (東京)."),
            Delta.reasoning(0, " get_weather takes one city, so I will call it twice, in parallel."),
            Delta.reasoningSignature(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
            Delta.text("I'll check the weather"), Delta.text(" in both cities."),
            Delta.toolCall(0, 0, PARIS, "get_weather"), Delta.toolArguments(0, 0, "{\"city\": "),
            Delta.toolArguments(0, 0, "\"Paris\"}"),
            Delta.toolCall(0, 1, TOKYO, "get_weather"), Delta.toolArguments(0, 1, "{\"city\": \"To"),
            Delta.toolArguments(0, 1, "kyo\"}")),
            // 472 not cached + 218 written to the cache + 1536 read from it
            "done tool_calls " + new Usage(2226, 156, 1536, 0)),
        Arguments.of("anthropic-text-stream.txt", List.of(Delta.text("Paris"), Delta.text(" is sunny at 24 °C"),
            Delta.text("; Tokyo is rainy at 18 °C —"), Delta.text(" take an umbrella there ☔"),
            Delta.text(".\n\nAnything else?")), "done stop " + new Usage(612, 38)),
        Arguments.of("anthropic-json-answer-stream.txt", List.of(Delta.text("{\"city\": \"Ni"),
            Delta.text("ce\", \"degrees\": 24"), Delta.text(", \"sunny\": true}")), "done stop " + new Usage(389, 41)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void everySplitReadsToTheSameDeltas(String recording, List<Delta> deltas, String end) {
    byte[] bytes = FakeOpenAi.recording(recording);
    Answer whole = read(List.of(bytes));
    assertThat(whole).isEqualTo(new Answer(deltas, List.of(end)));

    for (int cut = 1; cut < bytes.length; cut++) {
      List<byte[]> pieces = List.of(Arrays.copyOfRange(bytes, 0, cut), Arrays.copyOfRange(bytes, cut, bytes.length));
      assertThat(read(pieces)).as("cut at byte %d", cut).isEqualTo(whole);
    }
    List<byte[]> single = new ArrayList<>();
    for (byte b : bytes) {
      single.add(new byte[] {b});
    }
    assertThat(read(single)).as("one byte at a time").isEqualTo(whole);
  }

  @Test
  void aClientToolCalledBesideTheJsonAnswerEndsTheTurnWithToolCalls() {
    Answer answer = read(List.of(events(
        start(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}"),
        json(0, "{\\\"city\\\":\\\"Oslo\\\"}"),
        start(1, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"json_tool_call\",\"input\":{}}"),
        json(1, "{}"),
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}")));
    assertThat(answer.deltas()).containsExactly(Delta.toolCall(0, 0, "toolu_1", "get_weather"),
        Delta.toolArguments(0, 0, "{\"city\":\"Oslo\"}"), Delta.text("{}"));
    assertThat(answer.ends()).containsExactly("done tool_calls " + new Usage(0, 0));
  }

  @Test
  void aClientToolNamedLikeTheAnswerToolIsTheClientsCall() {
    byte[] stream = events(
        start(0, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"json_tool_call\",\"input\":{}}"),
        json(0, "{\\\"city\\\":\\\"Oslo\\\"}"),
        start(1, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"json_tool_call_2\",\"input\":{}}"),
        json(1, "{}"),
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}");
    // The turn asked for no JSON answer: every call is the client's.
    assertThat(read(List.of(stream), null).deltas()).containsExactly(
        Delta.toolCall(0, 0, "toolu_1", "json_tool_call"), Delta.toolArguments(0, 0, "{\"city\":\"Oslo\"}"),
        Delta.toolCall(0, 1, "toolu_2", "json_tool_call_2"), Delta.toolArguments(0, 1, "{}"));
    // It did, beside a client tool called json_tool_call: the answer tool is json_tool_call_2.
    assertThat(read(List.of(stream), "json_tool_call_2").deltas()).containsExactly(
        Delta.toolCall(0, 0, "toolu_1", "json_tool_call"), Delta.toolArguments(0, 0, "{\"city\":\"Oslo\"}"),
        Delta.text("{}"));
  }

  @Test
  void redactedThinkingComesAsItsDataAndServerToolInputIsNotTheClientsToSee() {
    Answer answer = read(List.of(events(
        start(0, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}"),
        start(1, "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}"),
        json(1, "{\\\"query\\\":\\\"weather\\\"}"),
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}",
        "event: message_stop\ndata: {\"type\":\"message_stop\"}")));
    assertThat(answer.deltas()).containsExactly(Delta.redactedReasoning(0, "EmwKAhgBEgy3va3pzix"));
    assertThat(answer.ends()).containsExactly("done content_filter " + new Usage(0, 0));
  }

  @Test
  void aStreamCutBeforeMessageStopIsAFailure() {
    byte[] bytes = FakeOpenAi.recording("anthropic-tool-use-stream.txt");
    String text = new String(bytes, StandardCharsets.UTF_8);
    byte[] cut = text.substring(0, text.indexOf("event: message_stop")).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> read(List.of(cut))).isInstanceOf(ProviderFailure.class)
        .hasMessageContaining("closed the stream before the answer was complete");
  }

  /** What a reader reported. */
  record Answer(List<Delta> deltas, List<String> ends) {
  }

  /** Read as the stream of a turn that asked for a JSON answer, under the answer tool's usual name. */
  private static Answer read(List<byte[]> pieces) {
    return read(pieces, AnthropicTools.JSON_ANSWER);
  }

  private static Answer read(List<byte[]> pieces, String answerTool) {
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
    StreamReader reader = new AnthropicReader(sink, new ProviderErrors("anthropic", "localhost", ""), answerTool);
    SseEventParser events = SseEventParser.decoded(1 << 20, e -> reader.onEvent(e.type(), e.data()));
    pieces.forEach(p -> events.feed(Buffer.buffer(p)));
    reader.onEnd();
    return new Answer(deltas, ends);
  }

  private static byte[] events(String... events) {
    return (String.join("\n\n", events) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String start(int index, String block) {
    return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
        + ",\"content_block\":" + block + "}";
  }

  private static String json(int index, String partial) {
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
        + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + partial + "\"}}";
  }
}
