package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolRefusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the tool results a turn adds against the session they go to: each answers a call of the
 * session's last assistant message not answered yet, and together they answer every such call (a turn
 * that brings none while calls await their results is refused too), since
 * the providers that take tools (OpenAI, Anthropic) refuse a history with a result without its call or
 * a call without its result, and would refuse every later turn of the session too. A refusal is facts
 * ({@link ToolRefusal}): each API that sends tool results names them in its own words.
 */
final class ToolResults {

  private ToolResults() {
  }

  /**
   * Null when {@code added} may follow {@code history}; else why not. {@code added} is read in order, as
   * it may itself hold an assistant message with calls and then their results (the Responses API's input
   * does): a message other than a result while calls await theirs is refused.
   */
  static ToolRefusal refusal(List<ChatMessage> history, List<ChatMessage> added) {
    Map<String, ToolCall> open = openCalls(history);
    boolean fromHistory = true;
    int result = 0;
    for (ChatMessage message : added) {
      if (ChatMessage.TOOL.equals(message.role())) {
        if (open.remove(message.toolCallId()) == null) {
          return ToolRefusal.notAwaited(result, message.toolCallId(), open.values());
        }
        result++;
        continue;
      }
      ToolRefusal owed = owed(open, fromHistory && result == 0);
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
  private static ToolRefusal owed(Map<String, ToolCall> open, boolean none) {
    return open.isEmpty() ? null : ToolRefusal.owed(open.values(), none);
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
