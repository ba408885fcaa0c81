package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.dialect.EventId;
import dev.streamgate.dialect.OpenAiChatRequest;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of every dialect's request parsing, as the routes run it on a
 * request's content type and body: native {@code /chat/stream}, the conversation API, the two event
 * channel bodies, OpenAI's chat completions, and the query and header values of the event streams
 * ({@code message}, {@code session_id}, {@code Last-Event-ID}, {@code after}). Whatever the input, a
 * request is either accepted with values inside the documented bounds or refused with a
 * {@link GatewayException} of status 400, 413 or 415: nothing else escapes (which would be a 500).
 *
 * <p>An input is {@code [dialect][content type][body bytes…]}. Seeds and every input the fuzzer once
 * found are kept in {@code src/test/resources/dev/streamgate/http/RequestParsersFuzzTestInputs} and
 * replayed first; see the README (Fuzzing).
 */
class RequestParsersFuzzTest {

  private static final int MAX_CHARS = 64;
  private static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
      "text/plain", "", "application/jsonp", " application/json"};

  @FuzzTest(maxDuration = "10s")
  @DictionaryEntries({"\"message\"", "\"session_id\"", "\"conversation_id\"", "\"model\"", "\"stream\"", "\"text\"",
      "\"prompt\"", "\"messages\"", "\"role\"", "\"content\"", "\"user\"", "\"developer\"", "\"type\"",
      "\"stream_options\"", "\"include_usage\"",
      "\"tool_results\"", "\"tool_call_id\"", "\"images\"", "\"tools\"", "true", "null", "[", "{", "\\u0000", "\\n"})
  void everyDialectAcceptsWithinBoundsOrRefusesWithAClientError(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int dialect = Math.floorMod(input[0], 6);
    String type = input[1] < 0 ? null : TYPES[input[1] % TYPES.length];
    Buffer body = Buffer.buffer(Arrays.copyOfRange(input, 2, input.length));
    try {
      parse(dialect, type, body);
    } catch (GatewayException refused) {
      assertThat(refused.status()).isIn(400, 413, 415);
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static void parse(int dialect, String type, Buffer body) {
    switch (dialect) {
      case 0 -> accepted(NativeChatRequest.parse(JsonBodies.parse(type, body), MAX_CHARS));
      case 1 -> accepted(ChatRequest.parse(JsonBodies.parse(type, body), MAX_CHARS, "conversation_id"));
      case 2 -> accepted(ChatRequest.channel(JsonBodies.parse(type, body), "text", MAX_CHARS));
      case 3 -> accepted(ChatRequest.channel(JsonBodies.parse(type, body), "prompt", MAX_CHARS));
      case 4 -> accepted(OpenAiChatRequest.parse(JsonBodies.parse(type, body), MAX_CHARS));
      default -> streamParameters(body.toString()); // query and header values as Vert.x decodes them
    }
  }

  /** {@code GET /events?message=…&session_id=…} and the resume ids, from NUL-separated values, each on its own. */
  private static void streamParameters(String body) {
    String[] values = body.split("\0", -1);
    String value = values[0];
    String second = values.length > 1 ? values[1] : null;
    EventId resume = EventId.parse(value);
    if (resume != null) {
      assertThat(resume.seq()).isNotNegative();
      assertThat(value).contains(resume.turnId());
    }
    orRefused(() -> assertThat(StreamRoutes.afterId(second == null ? value : second)).isNotNegative());
    orRefused(() -> assertThat(ChatRequest.message(value, "message", MAX_CHARS)).isNotBlank()
        .hasSizeLessThanOrEqualTo(MAX_CHARS));
    printableId(ChatRequest.id(second, "session_id"));
  }

  private static void orRefused(Runnable parse) {
    try {
      parse.run();
    } catch (GatewayException refused) {
      assertThat(refused.status()).isIn(400, 413);
    }
  }

  private static void accepted(ChatRequest chat) {
    assertThat(chat.message()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_CHARS);
    printableId(chat.sessionId());
    printableId(chat.model());
  }

  private static void accepted(NativeChatRequest chat) {
    assertThat(chat.messages()).isNotEmpty();
    for (ChatMessage message : chat.messages()) {
      assertThat(message.role()).isIn("user", "tool");
      assertThat(message.content()).hasSizeLessThanOrEqualTo(MAX_CHARS);
      printableId(message.toolCallId());
    }
    printableId(chat.sessionId());
    printableId(chat.model());
  }

  private static void accepted(OpenAiChatRequest chat) {
    assertThat(chat.messages()).isNotEmpty();
    for (ChatMessage message : chat.messages()) {
      assertThat(message.role()).isIn("system", "user", "assistant");
      assertThat(message.content()).hasSizeLessThanOrEqualTo(MAX_CHARS);
    }
    printableId(chat.model());
  }

  /** An accepted id can go into a log line or a header: bounded, no control character, no line separator. */
  private static void printableId(String id) {
    if (id != null) {
      assertThat(id).isNotBlank().hasSizeLessThanOrEqualTo(ChatRequest.MAX_ID_CHARS);
      assertThat(ChatRequest.printable(id)).isTrue();
    }
  }
}
