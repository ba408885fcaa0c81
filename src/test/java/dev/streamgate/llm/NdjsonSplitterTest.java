package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonSplitterTest {

  private static final String STREAM = "{\"message\":{\"content\":\"caf\u00e9 \"},\"done\":false}\r\n"
      + "\n"
      + "{\"message\":{\"content\":\"\u65e5\u672c \ud83d\ude42\"},\"done\":false}\n"
      + "{\"done\":true,\"done_reason\":\"stop\",\"eval_count\":2}";

  @Test
  void splitsLinesDropsCrAndBlankLinesAndKeepsTheLastUnterminatedLine() {
    assertThat(split(List.of(STREAM.getBytes(StandardCharsets.UTF_8)))).containsExactly(
        "{\"message\":{\"content\":\"caf\u00e9 \"},\"done\":false}",
        "{\"message\":{\"content\":\"\u65e5\u672c \ud83d\ude42\"},\"done\":false}",
        "{\"done\":true,\"done_reason\":\"stop\",\"eval_count\":2}");
  }

  @Test
  void anySplitOfTheBytesGivesTheSameLines() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<String> whole = split(List.of(bytes));
    for (int cut = 1; cut < bytes.length; cut++) {
      byte[] head = java.util.Arrays.copyOfRange(bytes, 0, cut);
      byte[] tail = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
      assertThat(split(List.of(head, tail))).as("cut at %d", cut).isEqualTo(whole);
    }
    List<byte[]> single = new ArrayList<>();
    for (byte b : bytes) {
      single.add(new byte[] {b});
    }
    assertThat(split(single)).isEqualTo(whole);
  }

  @Test
  void aLineOverTheBoundThrows() {
    NdjsonSplitter splitter = NdjsonSplitter.decoded(8, line -> { });
    assertThatThrownBy(() -> splitter.feed(Buffer.buffer("{\"a\":\"0123456789\"}\n")))
        .isInstanceOf(LineTooLongException.class);
  }

  private static List<String> split(List<byte[]> pieces) {
    List<String> lines = new ArrayList<>();
    NdjsonSplitter splitter = NdjsonSplitter.decoded(1 << 16, lines::add);
    pieces.forEach(p -> splitter.feed(Buffer.buffer(p)));
    splitter.end();
    return lines;
  }
}
