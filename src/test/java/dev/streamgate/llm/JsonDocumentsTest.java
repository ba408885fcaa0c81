package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.bus.Delta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread's one parser reads document after document as a parser of its own would, and a bad
 * document fails alone: it is refused, never read as if it had ended, and the next one reads whole.
 */
class JsonDocumentsTest {

  private static final String CHUNK = """
      {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini",\
      "choices":[{"index":0,"delta":{"content":"%s"},"logprobs":null,"finish_reason":null}]}""";

  @Test
  void readsDocumentAfterDocumentWithOneParser() throws IOException {
    for (String token : new String[] {"Hello", " wörld", " 日本語", "\\n\\\"quoted\\\""}) {
      assertThat(text(CHUNK.formatted(token))).isEqualTo(token.replace("\\n", "\n").replace("\\\"", "\""));
    }
  }

  @Test
  void aDocumentCutShortIsRefusedAndTheNextReadsWhole() throws IOException {
    String whole = CHUNK.formatted("after");
    for (int cut = 1; cut < whole.length() - 1; cut++) {
      String part = whole.substring(0, cut);
      assertThatThrownBy(() -> parse(part)).as("cut at %d", cut).isInstanceOf(IOException.class);
      assertThat(text(whole)).as("after a cut at %d", cut).isEqualTo("after");
    }
  }

  /** Not even the start of a value the parser would wait for (a fuzzed stream found "fa"): nor does it reach the next document. */
  @Test
  void anythingAfterTheDocumentIsRefused() throws IOException {
    for (String after : new String[] {" {}", "x", "fa", "tru", "1", " -", "\"abc", "[", "}"}) {
      assertThatThrownBy(() -> parse(CHUNK.formatted("a") + after)).as(after).isInstanceOf(IOException.class)
          .hasMessageContaining("more than one");
      assertThat(text(CHUNK.formatted("next"))).as("after %s", after).isEqualTo("next");
    }
    assertThat(text(CHUNK.formatted("b") + " \r\n\t")).isEqualTo("b");
    assertThat(text(CHUNK.formatted("c"))).isEqualTo("c");
  }

  /** Skipping a value the gateway does not read must not wait for bytes that will never come. */
  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void aSkippedValueCutShortIsRefused() throws IOException {
    assertThatThrownBy(() -> parse("{\"system_fingerprint\":{\"a\":[1,2,{\"b\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> parse("{\"choices\":[{\"logprobs\":{\"content\":[")).isInstanceOf(IOException.class);
    assertThat(text(CHUNK.formatted("still"))).isEqualTo("still");
  }

  @Test
  void notAnObjectIsRefused() throws IOException {
    for (String data : new String[] {"42", "\"text\"", "[1]", "null", ""}) {
      assertThatThrownBy(() -> parse(data)).as(data).isInstanceOf(IOException.class);
    }
    assertThat(text(CHUNK.formatted("ok"))).isEqualTo("ok");
  }

  private static String text(String json) throws IOException {
    OpenAiEvent event = parse(json);
    assertThat(event.deltas()).hasSize(1);
    Delta delta = event.deltas().get(0);
    assertThat(delta.kind()).isEqualTo(Delta.Kind.TEXT);
    return delta.text();
  }

  private static OpenAiEvent parse(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return OpenAiEvent.parse(bytes, bytes.length);
  }
}
