package dev.streamgate.dialect;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolRefusal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The session service's refusal of a turn's tool results ({@link ToolRefusal}, facts) in the words of each
 * API that sends tool results, one method each, side by side so that a change of one is seen beside the
 * other. Always a 400 naming the field at fault.
 */
public final class ToolRefusalWords {

  private ToolRefusalWords() {
  }

  /**
   * Streamgate's own APIs, which name the results as the native API does ({@code tool_results[i]}): the
   * native API sends them, and the others (conversation, event channels) hear the same refusal when they
   * continue a session whose calls await their results.
   */
  public static GatewayException inNativeWords(ToolRefusal refusal) {
    return switch (refusal.kind()) {
      case NOT_AWAITED -> {
        String field = "tool_results[" + refusal.result() + "].tool_call_id";
        yield GatewayException.invalid(field, "'" + field + "' is '" + refusal.callId() + "', which is not a call"
            + " of the session's last assistant message awaiting its result" + awaiting(refusal.calls()));
      }
      case UNANSWERED -> GatewayException.invalid("tool_results", calledBefore(refusal.calls())
          + " as 'tool_results' (with this message or without one) before the conversation goes on");
      case INCOMPLETE -> GatewayException.invalid("tool_results", "'tool_results' lacks the result of "
          + named(refusal.calls()) + ": the session's last assistant message made that call too, and every call"
          + " needs its result");
    };
  }

  /**
   * OpenAI's Responses API, whose results are the {@code function_call_output} items of {@code input},
   * answering the calls of the previous response.
   */
  public static GatewayException inResponsesWords(ToolRefusal refusal) {
    return GatewayException.invalid("input", switch (refusal.kind()) {
      case NOT_AWAITED -> "A function_call_output's call_id is '" + refusal.callId() + "', which is not a call of"
          + " the previous response awaiting its result" + awaiting(refusal.calls());
      case UNANSWERED -> calledBefore(refusal.calls())
          + " as function_call_output items of 'input' before the conversation goes on";
      case INCOMPLETE -> "'input' lacks a function_call_output with the result of " + named(refusal.calls())
          + ": the previous response made that call too, and every call needs its result";
    });
  }

  /** The start of the refusal of a turn without results: the calls, and what to send. */
  private static String calledBefore(List<ToolCall> calls) {
    return "The session's last answer called " + named(calls) + ": send "
        + (calls.size() == 1 ? "its result" : "their results");
  }

  private static String awaiting(List<ToolCall> calls) {
    return calls.isEmpty() ? "" : " (those are: " + calls.stream().map(ToolCall::id).collect(Collectors.joining(", "))
        + ")";
  }

  private static String named(List<ToolCall> calls) {
    return calls.stream().map(call -> "'" + call.id() + "' (" + call.name() + ")").collect(Collectors.joining(", "));
  }
}
