package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolRefusal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of tool results in each dialect's words, to the letter: the same facts, each API's own
 * field names, always a 400.
 */
class ToolRefusalWordsTest {

  private static final ToolCall WEATHER = new ToolCall("call_1", "get_weather", "{}");
  private static final ToolCall TIME = new ToolCall("call_2", "get_time", "{}");

  @Test
  void aResultNoCallAwaitsNamesTheCallsThatDo() {
    ToolRefusal refusal = ToolRefusal.notAwaited(1, "call_3", List.of(TIME));
    assertWords(ToolRefusalWords.inNativeWords(refusal), "tool_results[1].tool_call_id", "'tool_results[1]"
        + ".tool_call_id' is 'call_3', which is not a call of the session's last assistant message awaiting its"
        + " result (those are: call_2)");
    assertWords(ToolRefusalWords.inResponsesWords(refusal), "input", "A function_call_output's call_id is 'call_3',"
        + " which is not a call of the previous response awaiting its result (those are: call_2)");
    assertThat(ToolRefusalWords.inNativeWords(ToolRefusal.notAwaited(0, "call_1", List.of())).getMessage())
        .as("no call awaits one").endsWith("awaiting its result");
  }

  @Test
  void noResultAtAllNamesEveryCallAwaitingOne() {
    ToolRefusal both = ToolRefusal.owed(List.of(WEATHER, TIME), true);
    assertWords(ToolRefusalWords.inNativeWords(both), "tool_results", "The session's last answer called 'call_1'"
        + " (get_weather), 'call_2' (get_time): send their results as 'tool_results' (with this message or without"
        + " one) before the conversation goes on");
    assertWords(ToolRefusalWords.inResponsesWords(ToolRefusal.owed(List.of(WEATHER), true)), "input",
        "The session's last answer called 'call_1' (get_weather): send its result as function_call_output items of"
            + " 'input' before the conversation goes on");
  }

  @Test
  void resultsLackingOneNameTheCallsLeftWithoutTheirs() {
    ToolRefusal lacking = ToolRefusal.owed(List.of(TIME), false);
    assertWords(ToolRefusalWords.inNativeWords(lacking), "tool_results", "'tool_results' lacks the result of"
        + " 'call_2' (get_time): the session's last assistant message made that call too, and every call needs its"
        + " result");
    assertWords(ToolRefusalWords.inResponsesWords(lacking), "input", "'input' lacks a function_call_output with the"
        + " result of 'call_2' (get_time): the previous response made that call too, and every call needs its result");
  }

  private static void assertWords(GatewayException words, String param, String message) {
    assertThat(words.status()).isEqualTo(400);
    assertThat(words.param()).isEqualTo(param);
    assertThat(words.getMessage()).isEqualTo(message);
  }
}
