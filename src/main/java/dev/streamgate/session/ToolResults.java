package dev.streamgate.session;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ToolCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks the tool results a turn adds against the session they go to: each answers a call of the
 * session's last assistant message not answered yet, and together they answer every such call (a turn
 * that brings none while calls await their results is refused too), since
 * the providers that take tools (OpenAI, Anthropic) refuse a history with a result without its call or
 * a call without its result, and would refuse every later turn of the session too. Errors name the
 * field as the native API, the one sender of tool results, calls it ({@code tool_results[i]}).
 */
final class ToolResults {

  private ToolResults() {
  }

  /**
   * Null when {@code added} may follow {@code history}; else the 400 that says why. {@code added} is
   * read in order, as it may itself hold an assistant message with calls and then their results (the
   * Responses API's input does): a message other than a result while calls await theirs is refused.
   */
  static GatewayException refusal(List<ChatMessage> history, List<ChatMessage> added) {
    Map<String, ToolCall> open = openCalls(history);
    boolean fromHistory = true;
    int result = 0;
    for (ChatMessage message : added) {
      if (ChatMessage.TOOL.equals(message.role())) {
        String id = message.toolCallId();
        if (open.remove(id) == null) {
          return GatewayException.invalid("tool_results[" + result + "].tool_call_id", "'tool_results[" + result
              + "].tool_call_id' is '" + id + "', which is not a call of the session's last assistant message"
              + " awaiting its result" + (open.isEmpty() ? "" : " (those are: " + String.join(", ", open.keySet()) + ")"));
        }
        result++;
        continue;
      }
      GatewayException owed = owed(open, fromHistory && result == 0);
      if (owed != null) {
        return owed;
      }
      if (ChatMessage.ASSISTANT.equals(message.role())) {
        message.toolCalls().forEach(call -> open.put(call.id(), call));
        fromHistory = false;
      }
    }
    return owed(open, fromHistory && result == 0);
  }

  /** The refusal of going on while the {@code open} calls await results ({@code none}: no result came at all). */
  private static GatewayException owed(Map<String, ToolCall> open, boolean none) {
    if (open.isEmpty()) {
      return null;
    }
    return none ? GatewayException.invalid("tool_results", "The session's last answer called " + describe(open)
        + ": send " + (open.size() == 1 ? "its result" : "their results")
        + " as 'tool_results' (with this message or without one) before the conversation goes on")
        : GatewayException.invalid("tool_results", "'tool_results' lacks the result of " + describe(open)
        + ": the session's last assistant message made that call too, and every call needs its result");
  }

  private static String describe(Map<String, ToolCall> calls) {
    return calls.values().stream().map(call -> "'" + call.id() + "' (" + call.name() + ")")
        .collect(Collectors.joining(", "));
  }

  /** The calls of the last assistant message in {@code history} that no tool message after it answers, by id. */
  private static Map<String, ToolCall> openCalls(List<ChatMessage> history) {
    int last = history.size() - 1;
    while (last >= 0 && !ChatMessage.ASSISTANT.equals(history.get(last).role())) {
      last--;
    }
    Map<String, ToolCall> open = new LinkedHashMap<>();
    if (last < 0) {
      return open;
    }
    history.get(last).toolCalls().forEach(call -> open.put(call.id(), call));
    history.subList(last + 1, history.size()).forEach(m -> open.remove(m.toolCallId()));
    return open;
  }
}
