package dev.streamgate.llm;

import java.util.Locale;

/**
 * One vocabulary for why an answer ended, OpenAI's ({@code stop}, {@code length}, {@code tool_calls},
 * {@code content_filter}), whatever the provider said; unknown reasons pass through in lower case.
 */
final class FinishReasons {

  private FinishReasons() {
  }

  static String normalize(String reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason.toLowerCase(Locale.ROOT)) {
      case "end_turn", "stop_sequence", "stop" -> "stop";
      case "max_tokens", "length" -> "length";
      case "tool_use", "tool_calls", "function_call" -> "tool_calls";
      case "content_filter", "refusal" -> "content_filter";
      default -> reason.toLowerCase(Locale.ROOT);
    };
  }
}
