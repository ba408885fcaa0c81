package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
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
}
