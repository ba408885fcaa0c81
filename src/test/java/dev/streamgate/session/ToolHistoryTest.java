package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolRefusal;
import dev.streamgate.dialect.ToolRefusalWords;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session's history of tool calls and results: which results a turn may add, the window of it a model
 * is sent, and every store's form of it (the cluster map's JSON, PostgreSQL's rows) giving back the same
 * messages.
 */
class ToolHistoryTest {

  private static final ToolCall WEATHER = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
  private static final ToolCall TIME = new ToolCall("call_2", "get_time", "{}");
  private static final ChatMessage USER = new ChatMessage(ChatMessage.USER, "Paris?", "t1", false);
  private static final ChatMessage CALLING = new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(WEATHER, TIME),
      null, "t2", false);

  @Test
  void resultsMustAnswerEveryOpenCallOfTheLastAssistantMessageOnce() {
    List<ChatMessage> history = List.of(USER, CALLING);
    assertThat(refusal(history, List.of(result("call_2"), result("call_1"), USER))).isNull();
    GatewayException unanswered = refusal(history, List.of(USER));
    assertThat(unanswered.param()).as("a message while calls await their results").isEqualTo("tool_results");
    assertThat(unanswered.getMessage()).isEqualTo("The session's last answer called 'call_1' (get_weather), 'call_2'"
        + " (get_time): send their results as 'tool_results' (with this message or without one) before the"
        + " conversation goes on");
    assertThat(refusal(List.of(USER), List.of(USER))).as("no call awaits a result").isNull();
    assertThat(refusal(history, List.of(result("call_1"))).getMessage())
        .isEqualTo("'tool_results' lacks the result of 'call_2' (get_time): the session's last assistant message made"
            + " that call too, and every call needs its result");
    GatewayException unknown = refusal(history, List.of(result("call_1"), result("call_3")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.param()).isEqualTo("tool_results[1].tool_call_id");
    assertThat(unknown.getMessage()).isEqualTo("'tool_results[1].tool_call_id' is 'call_3', which is not a call of the"
        + " session's last assistant message awaiting its result (those are: call_2)");
    assertThat(refusal(List.of(), List.of(result("call_1")))).as("a new session").isNotNull();
    ChatMessage answer = new ChatMessage(ChatMessage.ASSISTANT, "It is sunny.", "t4", false);
    assertThat(refusal(List.of(USER, CALLING, result("call_1")), List.of(result("call_1"))).getMessage())
        .as("answered already").contains("is 'call_1'").endsWith("(those are: call_2)");
    assertThat(refusal(List.of(USER, CALLING, result("call_1"), result("call_2"), answer),
        List.of(result("call_1")))).as("the last assistant message called nothing").isNotNull();
  }

  @Test
  void aRefusalIsTheFactsEachDialectWords() {
    List<ChatMessage> history = List.of(USER, CALLING);
    assertThat(ToolResults.refusal(history, List.of(result("call_1"), result("call_3"))))
        .isEqualTo(new ToolRefusal(ToolRefusal.Kind.NOT_AWAITED, 1, "call_3", List.of(TIME)));
    assertThat(ToolResults.refusal(history, List.of(USER)))
        .isEqualTo(new ToolRefusal(ToolRefusal.Kind.UNANSWERED, -1, null, List.of(WEATHER, TIME)));
    assertThat(ToolResults.refusal(history, List.of(result("call_2"), USER)))
        .isEqualTo(new ToolRefusal(ToolRefusal.Kind.INCOMPLETE, -1, null, List.of(WEATHER)));
  }

  @Test
  void theContextNeverStartsWithAResultCutOffFromItsCall() {
    Session session = Session.create("s", null, "mock-echo", Instant.EPOCH);
    for (ChatMessage message : List.of(USER, CALLING, result("call_1"), result("call_2"))) {
      session = session.append(message, Instant.EPOCH);
    }
    assertThat(session.context(2)).containsExactly(CALLING, result("call_1"), result("call_2"));
    assertThat(session.context(3)).containsExactly(CALLING, result("call_1"), result("call_2"));
    assertThat(session.context(4)).hasSize(4);
    assertThat(session.append(USER, Instant.EPOCH).context(1)).containsExactly(USER);
    Session trimmed = session.append(USER, Instant.EPOCH).keepLast(3);
    assertThat(trimmed.messages()).hasSize(3).startsWith(result("call_1"));
    assertThat(trimmed.context(20)).as("results whose call was trimmed away").containsExactly(USER);
  }

  @Test
  void theClusterMapAndPostgresRowsKeepEveryPartOfAMessage() {
    ChatMessage withImage = new ChatMessage(ChatMessage.USER, List.of(ContentPart.text("What is it?"),
        ContentPart.image("https://example.com/a.png", "low")), List.of(), null, "t0", false);
    ChatMessage interrupted = new ChatMessage(ChatMessage.ASSISTANT, List.of(ContentPart.text("Let me check")),
        List.of(WEATHER), null, "t5", true);
    List<ChatMessage> messages = List.of(withImage, USER, CALLING, result("call_1"), result("call_2"), interrupted);
    Session session = new Session("s", "owner", "mock-echo", Instant.EPOCH, Instant.EPOCH, messages, null);

    assertThat(ClusterSessionStore.fromJson(ClusterSessionStore.toJson(session))).isEqualTo(session);
    for (ChatMessage message : messages) {
      ChatMessage row = PostgresMessages.message(message.role(), message.content(), message.timestamp(),
          message.interrupted(), PostgresMessages.detail(message));
      assertThat(row).isEqualTo(message);
    }
    assertThat(PostgresMessages.detail(USER)).as("text alone needs no detail").isNull();
    assertThat(PostgresMessages.message("user", "old row", "t", false, null))
        .isEqualTo(new ChatMessage(ChatMessage.USER, "old row", "t", false));
  }

  @Test
  void postgresGetsNoNulInAnyString() {
    ChatMessage nul = new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("a\0b")), List.of(), "call\0", "t",
        false);
    ChatMessage clean = PostgresMessages.text(nul, s -> s == null ? null : s.replace('\0', '\uFFFD'));
    assertThat(PostgresMessages.detail(clean).encode()).doesNotContain("\\u0000").contains("call\uFFFD");
    assertThat(clean.content()).isEqualTo("a\uFFFDb");
  }

  /** The refusal in the native API's words, which this test reads (null: none). */
  private static GatewayException refusal(List<ChatMessage> history, List<ChatMessage> added) {
    ToolRefusal refusal = ToolResults.refusal(history, added);
    return refusal == null ? null : ToolRefusalWords.inNativeWords(refusal);
  }

  private static ChatMessage result(String id) {
    return new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("sunny")), List.of(), id, "t3", false);
  }
}
