package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The WHATWG event-stream interpretation rules, one rule per test, then the property the OpenAI
 * client relies on: however the network splits the bytes, the same events come out.
 */
class SseEventParserTest {

  private static final int MAX_LINE = 1 << 20;

  /** A realistic chat-completions stream: role chunk, content deltas (multi-byte UTF-8), finish, usage, [DONE]. */
  private static final String OPENAI_STREAM = """
      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"h\u00e9llo"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" héllo"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" 日本語"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" 🙂"},"logprobs":null,"finish_reason":null}]}

      : keep-alive comment in the middle

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":" مرحبا"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"\\n"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"ok"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":null}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}

      data: {"id":"chatcmpl-9x","object":"chat.completion.chunk","created":1718000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}

      data: [DONE]

      """;

  // ---- helpers ----

  private static List<SseEvent> parse(String... feeds) {
    List<SseEvent> events = new ArrayList<>();
    SseEventParser parser = SseEventParser.decoded(MAX_LINE, events::add);
    for (String feed : feeds) {
      parser.feed(Buffer.buffer(feed.getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }

  private static List<SseEvent> parseBytes(List<byte[]> feeds) {
    List<SseEvent> events = new ArrayList<>();
    SseEventParser parser = SseEventParser.decoded(MAX_LINE, events::add);
    for (byte[] feed : feeds) {
      parser.feed(Buffer.buffer(feed));
    }
    return events;
  }

  private static SseEvent message(String data) {
    return new SseEvent("message", data, "");
  }

  // ---- line ends ----

  @Test
  void lfLineEndsDispatchOneEvent() {
    assertThat(parse("data: a\n\n")).containsExactly(message("a"));
  }

  @Test
  void crLineEndsDispatchOneEvent() {
    assertThat(parse("data: a\r\r")).containsExactly(message("a"));
  }

  @Test
  void crlfLineEndsDispatchOneEvent() {
    assertThat(parse("data: a\r\n\r\n")).containsExactly(message("a"));
  }

  @Test
  void mixedLineEndsAreAllLineEnds() {
    assertThat(parse("data: a\rdata: b\r\ndata: c\n\r\ndata: d\n\r"))
        .containsExactly(message("a\nb\nc"), message("d"));
  }

  @Test
  void crlfSplitAcrossTwoFeedsIsOneLineEnd() {
    // If "\n" at the start of the second feed counted as a second line end, it would be a blank line
    // and dispatch "a" early, splitting one event into two.
    assertThat(parse("data: a\r", "\ndata: b\r\n\r\n")).containsExactly(message("a\nb"));
  }

  @Test
  void crlfSplitAcrossTwoFeedsBeforeBlankLineDispatchesOnce() {
    assertThat(parse("data: a\r\n\r", "\ndata: b\n\n")).containsExactly(message("a"), message("b"));
  }

  @Test
  void crFollowedByCrInNextFeedIsABlankLine() {
    assertThat(parse("data: a\r", "\r")).containsExactly(message("a"));
  }

  // ---- BOM ----

  @Test
  void leadingBomIsDropped() {
    assertThat(parse("\uFEFFdata: a\n\n")).containsExactly(message("a"));
  }

  @Test
  void leadingBomSplitAcrossFeedsIsDropped() {
    byte[] bytes = "\uFEFFdata: a\n\n".getBytes(StandardCharsets.UTF_8);
    List<byte[]> feeds = List.of(Arrays.copyOfRange(bytes, 0, 1), Arrays.copyOfRange(bytes, 1, 2),
        Arrays.copyOfRange(bytes, 2, bytes.length));
    assertThat(parseBytes(feeds)).containsExactly(message("a"));
  }

  @Test
  void bomAfterTheStartIsPartOfTheFieldName() {
    // "\uFEFFdata" is an unknown field, so the second event has no data and is not dispatched.
    assertThat(parse("data: a\n\n\uFEFFdata: b\n\n")).containsExactly(message("a"));
  }

  @Test
  void onlyOneLeadingBomIsDropped() {
    assertThat(parse("\uFEFF\uFEFFdata: a\n\n")).isEmpty();
  }

  // ---- comments and fields ----

  @Test
  void commentLinesAreIgnored() {
    assertThat(parse(": ping\n\n:another\ndata: a\n: between\ndata: b\n\n"))
        .containsExactly(message("a\nb"));
  }

  @Test
  void multipleDataLinesJoinWithLf() {
    assertThat(parse("data: one\ndata: two\ndata: three\n\n")).containsExactly(message("one\ntwo\nthree"));
  }

  @Test
  void dataWithoutColonIsAnEmptyDataLine() {
    assertThat(parse("data\n\n")).containsExactly(message(""));
  }

  @Test
  void dataWithoutColonBetweenLinesAddsAnEmptyLine() {
    assertThat(parse("data: a\ndata\ndata: b\n\n")).containsExactly(message("a\n\nb"));
  }

  @Test
  void dataWithColonAndNothingElseIsEmpty() {
    assertThat(parse("data:\n\n")).containsExactly(message(""));
  }

  @Test
  void onlyOneLeadingSpaceIsStripped() {
    assertThat(parse("data:   three spaces\n\n")).containsExactly(message("  three spaces"));
  }

  @Test
  void noSpaceAfterColonKeepsTheValue() {
    assertThat(parse("data:x\n\n")).containsExactly(message("x"));
  }

  @Test
  void trailingSpacesAreKept() {
    assertThat(parse("data: x  \n\n")).containsExactly(message("x  "));
  }

  @Test
  void colonsAfterTheFirstBelongToTheValue() {
    assertThat(parse("data: a: b:c\n\n")).containsExactly(message("a: b:c"));
  }

  @Test
  void eventFieldSetsTheType() {
    assertThat(parse("event: delta\ndata: a\n\n")).containsExactly(new SseEvent("delta", "a", ""));
  }

  @Test
  void eventTypeResetsAfterDispatch() {
    assertThat(parse("event: delta\ndata: a\n\ndata: b\n\n"))
        .containsExactly(new SseEvent("delta", "a", ""), message("b"));
  }

  @Test
  void eventTypeResetsEvenWhenNothingIsDispatched() {
    assertThat(parse("event: lost\n\ndata: b\n\n")).containsExactly(message("b"));
  }

  @Test
  void emptyEventFieldMeansMessage() {
    assertThat(parse("event:\ndata: a\n\n")).containsExactly(message("a"));
  }

  @Test
  void idFieldSetsTheLastEventId() {
    assertThat(parse("id: 7\ndata: a\n\n")).containsExactly(new SseEvent("message", "a", "7"));
  }

  @Test
  void lastEventIdPersistsAcrossEvents() {
    assertThat(parse("id: 7\ndata: a\n\ndata: b\n\n"))
        .containsExactly(new SseEvent("message", "a", "7"), new SseEvent("message", "b", "7"));
  }

  @Test
  void emptyIdResetsTheLastEventId() {
    assertThat(parse("id: 7\ndata: a\n\nid\ndata: b\n\n"))
        .containsExactly(new SseEvent("message", "a", "7"), new SseEvent("message", "b", ""));
  }

  @Test
  void idContainingNulIsIgnored() {
    assertThat(parse("id: 7\ndata: a\n\nid: 8\u0000x\ndata: b\n\n"))
        .containsExactly(new SseEvent("message", "a", "7"), new SseEvent("message", "b", "7"));
  }

  @Test
  void unknownFieldsAndRetryAreIgnored() {
    assertThat(parse("retry: 1000\nfoo: bar\ndata: a\n\n")).containsExactly(message("a"));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertThat(parse("Data: a\n\n")).isEmpty();
  }

  // ---- dispatch ----

  @Test
  void eventWithoutDataIsNotDispatched() {
    assertThat(parse("event: delta\nid: 3\n\n")).isEmpty();
  }

  @Test
  void blankLinesAloneDispatchNothing() {
    assertThat(parse("\n\n\r\n\r")).isEmpty();
  }

  @Test
  void unfinishedEventAtTheEndIsNotDispatched() {
    assertThat(parse("data: a\n\ndata: b\n")).containsExactly(message("a"));
  }

  @Test
  void unterminatedLastLineIsNotDispatched() {
    assertThat(parse("data: a\n\ndata: b")).containsExactly(message("a"));
  }

  @Test
  void eventIsDispatchedOnlyWhenTheBlankLineArrives() {
    List<SseEvent> events = new ArrayList<>();
    SseEventParser parser = SseEventParser.decoded(MAX_LINE, events::add);
    parser.feed(Buffer.buffer("data: a\n"));
    assertThat(events).isEmpty();
    parser.feed(Buffer.buffer("\n"));
    assertThat(events).containsExactly(message("a"));
  }

  // ---- line bound ----

  @Test
  void lineOverTheMaxLengthThrows() {
    SseEventParser parser = SseEventParser.decoded(1024, e -> { });
    Buffer tooLong = Buffer.buffer("data: " + "x".repeat(1024));
    assertThatThrownBy(() -> parser.feed(tooLong)).isInstanceOf(LineTooLongException.class);
  }

  @Test
  void lineOfExactlyTheMaxLengthIsAccepted() {
    List<SseEvent> events = new ArrayList<>();
    SseEventParser parser = SseEventParser.decoded(1024, events::add);
    parser.feed(Buffer.buffer("data: " + "x".repeat(1024 - 6) + "\n\n"));
    assertThat(events).containsExactly(message("x".repeat(1018)));
  }

  @Test
  void lineOverTheMaxLengthThrowsWhenFedInPieces() {
    SseEventParser parser = SseEventParser.decoded(1024, e -> { });
    parser.feed(Buffer.buffer("data: " + "x".repeat(1000)));
    assertThatThrownBy(() -> parser.feed(Buffer.buffer("x".repeat(100)))).isInstanceOf(LineTooLongException.class);
  }

  @Test
  void lineOverASmallMaxLengthThrows() {
    // The bound must hold for any maxLineBytes, including ones below the initial line buffer size.
    SseEventParser parser = SseEventParser.decoded(16, e -> { });
    Buffer tooLong = Buffer.buffer("data: " + "x".repeat(100) + "\n\n");
    assertThatThrownBy(() -> parser.feed(tooLong)).isInstanceOf(LineTooLongException.class);
  }

  @Test
  void manyShortLinesDoNotAddUpToTheBound() {
    List<SseEvent> events = new ArrayList<>();
    SseEventParser parser = SseEventParser.decoded(1024, events::add);
    parser.feed(Buffer.buffer(("data: " + "y".repeat(1000) + "\n").repeat(5) + "\n"));
    assertThat(events).hasSize(1);
  }

  // ---- the split-anywhere property on a realistic OpenAI stream ----

  @Test
  void openAiStreamParsesToTheExpectedEvents() {
    List<SseEvent> events = parse(OPENAI_STREAM);
    assertThat(events).hasSize(12);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo("message");
      assertThat(e.id()).isEmpty();
    });
    assertThat(events.get(1).data()).contains("\"content\":\"h\u00e9llo\"");
    assertThat(events.get(3).data()).contains("日本語");
    assertThat(events.get(4).data()).contains("🙂");
    assertThat(events.get(5).data()).contains("مرحبا");
    assertThat(events.get(6).data()).contains("\"content\":\"\\n\"");
    assertThat(events.get(9).data()).contains("\"finish_reason\":\"stop\"");
    assertThat(events.get(10).data()).contains("\"choices\":[]", "\"usage\"");
    assertThat(events.get(11).data()).isEqualTo("[DONE]");
  }

  @Test
  void openAiStreamSplitInTwoAtEveryBytePositionGivesTheSameEvents() {
    for (String lineEnd : List.of("\n", "\r\n", "\r")) {
      byte[] bytes = OPENAI_STREAM.replace("\n", lineEnd).getBytes(StandardCharsets.UTF_8);
      List<SseEvent> expected = parseBytes(List.of(bytes));
      assertThat(expected).hasSize(12);
      for (int cut = 0; cut <= bytes.length; cut++) {
        List<SseEvent> split = parseBytes(List.of(Arrays.copyOfRange(bytes, 0, cut),
            Arrays.copyOfRange(bytes, cut, bytes.length)));
        assertThat(split).as("line end %s, split at byte %d", lineEnd.replace("\r", "CR").replace("\n", "LF"), cut)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void openAiStreamFedOneByteAtATimeGivesTheSameEvents() {
    for (String lineEnd : List.of("\n", "\r\n", "\r")) {
      byte[] bytes = OPENAI_STREAM.replace("\n", lineEnd).getBytes(StandardCharsets.UTF_8);
      List<SseEvent> expected = parseBytes(List.of(bytes));
      List<byte[]> single = new ArrayList<>();
      for (byte b : bytes) {
        single.add(new byte[] {b});
      }
      assertThat(parseBytes(single)).as("line end %s", lineEnd.replace("\r", "CR").replace("\n", "LF"))
          .isEqualTo(expected);
    }
  }

  @Test
  void openAiStreamWithBomSplitAtEveryBytePositionGivesTheSameEvents() {
    byte[] bytes = ("\uFEFF" + OPENAI_STREAM).getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = parse(OPENAI_STREAM);
    for (int cut = 0; cut <= bytes.length; cut++) {
      List<SseEvent> split = parseBytes(List.of(Arrays.copyOfRange(bytes, 0, cut),
          Arrays.copyOfRange(bytes, cut, bytes.length)));
      assertThat(split).as("split at byte %d", cut).isEqualTo(expected);
    }
  }

  /**
   * Two streams fed in turns on one thread, each read cutting lines and events, and one fed from
   * within the other's events: the thread's buffers lent to a parser never mix two streams.
   */
  @Test
  void interleavedStreamsOnOneThreadAndOneFedFromTheOthersEventsStayApart() {
    byte[] bytes = OPENAI_STREAM.getBytes(StandardCharsets.UTF_8);
    List<SseEvent> expected = parse(OPENAI_STREAM);
    List<SseEvent> first = new ArrayList<>();
    List<SseEvent> second = new ArrayList<>();
    List<SseEvent> nested = new ArrayList<>();
    SseEventParser inner = SseEventParser.decoded(MAX_LINE, nested::add);
    int[] fed = {0};
    SseEventParser outer = new SseEventParser(MAX_LINE, (type, data, length, id) -> {
      int next = Math.min(bytes.length, fed[0] + 97);
      inner.feed(Buffer.buffer(Arrays.copyOfRange(bytes, fed[0], next))); // before this event's bytes are read
      fed[0] = next;
      first.add(new SseEvent(type, new String(data, 0, length, StandardCharsets.UTF_8), id));
    });
    SseEventParser other = SseEventParser.decoded(MAX_LINE, second::add);
    for (int at = 0; at < bytes.length; at += 13) {
      Buffer piece = Buffer.buffer(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 13)));
      outer.feed(piece);
      other.feed(piece);
    }
    inner.feed(Buffer.buffer(Arrays.copyOfRange(bytes, fed[0], bytes.length)));
    assertThat(first).isEqualTo(expected);
    assertThat(second).isEqualTo(expected);
    assertThat(nested).isEqualTo(expected);
  }
}
