package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-encoded chunk event is byte for byte the generic framing of the same JSON object. */
class ChunkFrameTest {

  @ParameterizedTest
  @ValueSource(strings = {"Hello", "", " leading", "line\nbreak", "cr\rlf\r\n", "\n\ndata: injected\n\n", "quote \" and \\",
      "tab\tand \u0001 control", "caf\u00e9 \u65e5\u672c\u8a9e \ud83d\ude42 \u0645\u0631\u062d\u0628\u0627", "\u2028\u2029"})
  void matchesTheGenericFraming(String text) {
    JsonObject event = new JsonObject().put("type", "chunk").put("text", text).put("chunk_number", 7).put("is_final", false);
    assertThat(ChunkFrame.encode(42, text, 7).toString())
        .isEqualTo(SseWriter.event(42, null, event.encode()).toString());
  }

  /** The numbers are written as digits by hand: every width, and a lone surrogate in the text (Jackson's path). */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 9, 10, 99, 100, 1_000_000_007, Integer.MAX_VALUE, 123_456_789_012L})
  void writesEveryNumberAsJsonDoes(long id) {
    int number = (int) Math.min(id, Integer.MAX_VALUE);
    for (String text : List.of("tok", "\ud83d alone")) {
      JsonObject event = new JsonObject().put("type", "chunk").put("text", text).put("chunk_number", number)
          .put("is_final", false);
      assertThat(ChunkFrame.encode(id, text, number).toString())
          .isEqualTo(SseWriter.event(id, null, event.encode()).toString());
    }
  }
}
