package dev.streamgate.llm;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the mock model answers, decided by the request alone, so a test (or a newcomer) can predict
 * every delta. After a tool's result it reports that result; given tools (and a tool choice other
 * than {@code none}) after a user's message it calls one, the named or the first, with arguments
 * that fill the tool's schema (its string fields hold the user's words); asked for JSON it answers a
 * JSON object (one that fills the schema, for {@code json_schema}); otherwise it quotes the user.
 * {@code reasoning_effort} adds a reasoning step first, {@code n} answers as many times, each numbered,
 * {@code stop} cuts an answer before the first stop sequence and {@code max_tokens} (a word is a
 * token) after so many words, with finish reason {@code length}.
 */
final class MockAnswer {

  /** The deltas to stream, one step per pause, then the first answer's finish reason and the usage. */
  record Script(List<List<Delta>> steps, String finishReason, Usage usage) {
  }

  private MockAnswer() {
  }

  static Script of(LlmRequest request) {
    GenerationParams params = request.params();
    List<ChatMessage> messages = request.messages();
    ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    long promptTokens = messages.stream().mapToLong(m -> MockProvider.words(m.content()).size()).sum();
    Tool tool = last != null && ChatMessage.USER.equals(last.role()) ? toolToCall(request) : null;
    if (tool != null) {
      return toolCall(tool, last.content(), promptTokens);
    }
    List<String> reasoning = params.reasoningEffort() == null || params.reasoningEffort().equals("none") ? List.of()
        : MockProvider.words("The user wrote " + quoted(last) + "; I will say it back. ");
    int choices = params.choices();
    List<List<String>> answers = new ArrayList<>();
    for (int choice = 0; choice < choices; choice++) {
      String text = reply(request, last);
      answers.add(MockProvider.words(choices > 1 ? "(answer " + (choice + 1) + " of " + choices + ") " + text : text));
    }
    List<List<Delta>> steps = new ArrayList<>();
    reasoning.forEach(word -> steps.add(List.of(Delta.reasoning(0, word))));
    String[] finishes = new String[choices];
    long completionTokens = reasoning.size();
    for (int choice = 0; choice < choices; choice++) {
      List<String> words = cut(answers.get(choice), params, finishes, choice);
      completionTokens += words.size();
      for (int i = 0; i < words.size(); i++) {
        if (steps.size() <= reasoning.size() + i) {
          steps.add(new ArrayList<>());
        }
        steps.get(reasoning.size() + i).add(Delta.text(choice, words.get(i)));
      }
    }
    if (choices > 1 && steps.isEmpty()) {
      steps.add(new ArrayList<>());
    }
    for (int choice = 1; choice < choices; choice++) {
      steps.get(steps.size() - 1).add(Delta.finish(choice, finishes[choice]));
    }
    return new Script(steps, finishes[0], new Usage(promptTokens, completionTokens, 0, reasoning.size()));
  }

  /** The tool to call: none after anything but a user's message, with no tools, or with tool choice none. */
  private static Tool toolToCall(LlmRequest request) {
    List<Tool> tools = request.options().tools();
    ToolChoice choice = request.options().toolChoice();
    if (tools.isEmpty() || choice != null && ToolChoice.NONE.equals(choice.mode())) {
      return null;
    }
    if (choice != null && ToolChoice.FUNCTION.equals(choice.mode())) {
      return tools.stream().filter(tool -> tool.name().equals(choice.function())).findFirst().orElse(tools.get(0));
    }
    return tools.get(0);
  }

  /** One call, its arguments streamed in three fragments, as real providers split them. */
  private static Script toolCall(Tool tool, String words, long promptTokens) {
    String arguments = fill(tool.parameters(), words).encode();
    int third = Math.max(1, arguments.length() / 3);
    List<List<Delta>> steps = new ArrayList<>();
    steps.add(List.of(Delta.toolCall(0, 0, "call_mock_" + tool.name(), tool.name())));
    for (int from = 0; from < arguments.length(); from += third) {
      steps.add(List.of(Delta.toolArguments(0, 0, arguments.substring(from, Math.min(arguments.length(), from + third)))));
    }
    return new Script(steps, "tool_calls", new Usage(promptTokens, steps.size()));
  }

  private static String reply(LlmRequest request, ChatMessage last) {
    ResponseFormat format = request.params().responseFormat();
    if (last != null && ChatMessage.TOOL.equals(last.role())) {
      return "The tool " + request.toolName(last.toolCallId()) + " returned: " + last.content();
    }
    if (format != null && ResponseFormat.JSON_SCHEMA.equals(format.type())) {
      return fill(format.schema(), last == null ? "" : last.content()).encode();
    }
    if (format != null && ResponseFormat.JSON_OBJECT.equals(format.type())) {
      return new JsonObject().put("you_said", last == null ? "" : last.content()).encode();
    }
    long turn = request.messages().stream().filter(m -> ChatMessage.USER.equals(m.role())).count();
    long images = last == null ? 0 : last.parts().stream().filter(part -> !part.isText()).count();
    return "This is turn " + turn + " of our conversation. You said: " + quoted(last) + ". "
        + (images == 0 ? "" : "You showed me " + images + (images == 1 ? " image. " : " images. "))
        + "I am the built-in mock model, streaming this answer word by word so you can watch "
        + "Server-Sent Events at work.";
  }

  private static String quoted(ChatMessage message) {
    return "\"" + (message == null ? "" : message.content()) + "\"";
  }


  /** The answer's words up to a stop sequence or {@code max_tokens}; its finish reason goes to {@code finishes}. */
  private static List<String> cut(List<String> words, GenerationParams params, String[] finishes, int choice) {
    String text = String.join("", words);
    finishes[choice] = "stop";
    if (params.stop() != null) {
      int at = params.stop().stream().mapToInt(text::indexOf).filter(i -> i >= 0).min().orElse(-1);
      if (at >= 0) {
        words = MockProvider.words(text.substring(0, at));
      }
    }
    Integer max = params.maxTokens() != null ? params.maxTokens() : params.maxCompletionTokens();
    if (max != null && words.size() > max) {
      finishes[choice] = "length";
      return words.subList(0, max);
    }
    return words;
  }

  /** A value that fills {@code schema}: strings hold {@code words}, numbers 42, an enum its first value. */
  static JsonObject fill(JsonObject schema, String words) {
    Object value = value(schema, words);
    return value instanceof JsonObject object ? object : new JsonObject().put("value", value);
  }

  private static Object value(JsonObject schema, String words) {
    if (schema == null) {
      return words;
    }
    JsonArray values = schema.getJsonArray("enum");
    if (values != null && !values.isEmpty()) {
      return values.getValue(0);
    }
    Object type = schema.getValue("type");
    String kind = type instanceof JsonArray types ? types.getString(0) : type == null ? "object" : type.toString();
    return switch (kind) {
      case "string" -> words;
      case "integer", "number" -> 42;
      case "boolean" -> true;
      case "null" -> null;
      case "array" -> new JsonArray().add(value(schema.getJsonObject("items"), words));
      default -> {
        JsonObject object = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        properties.forEach(entry -> object.put(entry.getKey(),
            value(entry.getValue() instanceof JsonObject property ? property : null, words)));
        yield object;
      }
    };
  }
}
