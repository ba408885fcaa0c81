package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.internal.sse.ServerSentEventReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SseWriter's framing, graded by an independent spec-conformant parser (OkHttp's
 * {@link ServerSentEventReader}), not by our own SseEventParser.
 *
 * <p>Note on line ends: the SSE format has no way to carry a bare CR or a CRLF inside data. Every
 * CR, LF or CRLF in the text is a line end, and the receiver joins data lines with LF. So plain text
 * arrives with "\r\n" and "\r" normalized to "\n" — that is the spec, not a loss in our framing.
 * Payloads that must survive byte-exactly are sent as JSON, whose encoding escapes CR and LF.
 */
class SseWriterTest {

  /** One event as the independent parser reports it. */
  record Parsed(String id, String type, String data) {
  }

  static Stream<String> hostileTexts() {
    return Stream.of(
        "plain",
        "a\nb",
        "a\rb",
        "a\r\nb",
        "\n\ndata: injected\n\n",
        "\r\n\r\ndata: injected\r\n\r\n",
        "\r\rid: 666\r\r",
        " leading space",
        "  two leading spaces",
        "id: 9",
        "event: evil\nid: 9\nretry: 1\n\ndata: x",
        ": looks like a comment",
        "data: nested",
        "trailing lf\n",
        "trailing cr\r",
        "trailing crlf\r\n",
        "\n",
        "\r",
        "\r\n",
        "\n\r",
        "mixed\r\n\n\rend",
        "emoji 🙂👍🏽 and ZWJ 👨‍👩‍👧",
        "RTL: مرحبا بالعالم \u202Eevil\u202C",
        "日本語 héllo",
        "tab\tand\u0000nul",
        "");
  }

  // ---- helpers ----

  /** Parses a whole byte stream with OkHttp's reader, reading events until the stream is exhausted. */
  private static List<Parsed> readAll(Buffer stream) throws IOException {
    List<Parsed> events = new ArrayList<>();
    okio.Buffer source = new okio.Buffer().write(stream.getBytes());
    ServerSentEventReader reader = new ServerSentEventReader(source, new ServerSentEventReader.Callback() {
      @Override
      public void onEvent(String id, String type, String data) {
        events.add(new Parsed(id, type, data));
      }

      @Override
      public void onRetryChange(long timeMs) {
        events.add(new Parsed(null, "RETRY-CHANGED", Long.toString(timeMs)));
      }
    });
    while (reader.processNextEvent()) {
      // keep reading
    }
    return events;
  }

  /** What the SSE spec says the receiver sees: CRLF and CR become LF. */
  private static String normalized(String text) {
    return text.replace("\r\n", "\n").replace("\r", "\n");
  }

  // ---- one frame ----

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void frameParsesAsExactlyOneEventWithIdTypeAndNormalizedData(String text) throws IOException {
    List<Parsed> events = readAll(SseWriter.event(42, "delta", text));
    assertThat(events).containsExactly(new Parsed("42", "delta", normalized(text)));
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void frameWithoutTypeIsADefaultMessage(String text) throws IOException {
    List<Parsed> events = readAll(SseWriter.event(7, null, text));
    // OkHttp reports no event field as a null type, which EventSource exposes as "message".
    assertThat(events).containsExactly(new Parsed("7", null, normalized(text)));
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void jsonPayloadRoundTripsExactly(String text) throws IOException {
    String json = new JsonObject().put("text", text).put("n", 1).encode();
    List<Parsed> events = readAll(SseWriter.event(3, "delta", json));
    assertThat(events).hasSize(1);
    assertThat(events.get(0).data()).isEqualTo(json);
    assertThat(new JsonObject(events.get(0).data()).getString("text")).isEqualTo(text);
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void frameEndsWithItsOnlyBlankLine(String text) {
    String frame = SseWriter.event(1, "delta", text).toString(StandardCharsets.UTF_8);
    assertThat(frame).endsWith("\n\n");
    assertThat(frame.indexOf("\n\n")).as("first blank line").isEqualTo(frame.length() - 2);
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void frameContainsNoCarriageReturn(String text) {
    String frame = SseWriter.event(1, "delta", text).toString(StandardCharsets.UTF_8);
    assertThat(frame).doesNotContain("\r");
  }

  @ParameterizedTest
  @MethodSource("hostileTexts")
  void frameIsUtf8(String text) {
    Buffer frame = SseWriter.event(1, null, text);
    String decoded = frame.toString(StandardCharsets.UTF_8);
    assertThat(decoded.getBytes(StandardCharsets.UTF_8)).isEqualTo(frame.getBytes());
  }

  @Test
  void frameLayoutIsIdThenEventThenData() {
    assertThat(SseWriter.event(5, "delta", "a\nb").toString(StandardCharsets.UTF_8))
        .isEqualTo("id: 5\nevent: delta\ndata: a\ndata: b\n\n");
  }

  @Test
  void emptyTextIsOneEmptyDataLine() {
    assertThat(SseWriter.event(5, null, "").toString(StandardCharsets.UTF_8)).isEqualTo("id: 5\ndata: \n\n");
  }

  // ---- many frames in one stream ----

  @Test
  void concatenatedFramesGiveExactlyOneEventPerFrame() throws IOException {
    List<String> texts = hostileTexts().toList();
    Buffer stream = Buffer.buffer();
    List<Parsed> expected = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String type = i % 2 == 0 ? "delta" : null;
      stream.appendBuffer(SseWriter.event(i + 1, type, texts.get(i)));
      expected.add(new Parsed(Integer.toString(i + 1), type, normalized(texts.get(i))));
    }
    assertThat(readAll(stream)).containsExactlyElementsOf(expected);
  }

  @Test
  void concatenatedJsonFramesRoundTripExactly() throws IOException {
    List<String> texts = hostileTexts().toList();
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < texts.size(); i++) {
      stream.appendBuffer(SseWriter.event(i, "delta", new JsonObject().put("text", texts.get(i)).encode()));
    }
    List<String> decoded = readAll(stream).stream().map(e -> new JsonObject(e.data()).getString("text")).toList();
    assertThat(decoded).containsExactlyElementsOf(texts);
  }

  @Test
  void largeIdsArePreserved() throws IOException {
    assertThat(readAll(SseWriter.event(Long.MAX_VALUE, "done", "{}")))
        .containsExactly(new Parsed(Long.toString(Long.MAX_VALUE), "done", "{}"));
  }

  // ---- ping ----

  @Test
  void pingParsesAsNoEvent() throws IOException {
    assertThat(readAll(SseWriter.ping())).isEmpty();
  }

  @Test
  void pingIsACommentEndedByABlankLine() {
    String ping = SseWriter.ping().toString(StandardCharsets.UTF_8);
    assertThat(ping).startsWith(":").endsWith("\n\n");
  }

  @Test
  void pingsBetweenFramesDoNotAddOrChangeEvents() throws IOException {
    Buffer stream = Buffer.buffer()
        .appendBuffer(SseWriter.ping())
        .appendBuffer(SseWriter.event(1, "delta", "a"))
        .appendBuffer(SseWriter.ping())
        .appendBuffer(SseWriter.ping())
        .appendBuffer(SseWriter.event(2, null, "b\nc"))
        .appendBuffer(SseWriter.ping());
    assertThat(readAll(stream)).containsExactly(new Parsed("1", "delta", "a"), new Parsed("2", null, "b\nc"));
  }
}
