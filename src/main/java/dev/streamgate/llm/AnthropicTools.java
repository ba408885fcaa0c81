package dev.streamgate.llm;

import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A turn's tools, tool choice and answer format in Anthropic's shape: each tool as {@code {name,
 * description, input_schema}}; {@code auto}, {@code none}, {@code required} and a named function as
 * {@code auto}, {@code none}, {@code any} and {@code tool}; {@code parallel_tool_calls: false} as the
 * choice's {@code disable_parallel_tool_use}. A tool's {@code strict} is not sent: Anthropic's strict
 * tool use exists on its newest models only and is refused by the others.
 *
 * <p>A JSON answer ({@code response_format} {@code json_object} or {@code json_schema}) is the tool
 * {@link #JSON_ANSWER}, whose input schema is the answer's, which the model is made to call: the tool
 * choice names it, or is {@code any} when the client's own tools may be called instead (an agent's loop
 * keeps its tools and still ends in a JSON answer). {@link AnthropicReader} streams that call's input as
 * the answer's text. With {@code required} or a named function the answer is a tool call, which the
 * format does not shape, so no answer tool is added. A client's own tool keeps its name: when one is
 * called {@link #JSON_ANSWER}, the answer tool takes the first of {@code json_tool_call_2}, {@code _3}…
 * that no client tool has ({@link #answerTool}), so neither is taken for the other.
 */
final class AnthropicTools {

  /** The answer tool's name, as LiteLLM names it. */
  static final String JSON_ANSWER = "json_tool_call";

  private AnthropicTools() {
  }

  /**
   * The name of the turn's answer tool: {@link #JSON_ANSWER} unless a client tool has that name (then the
   * first free {@code json_tool_call_2}, {@code _3}…); null when the turn gets no answer tool.
   */
  static String answerTool(TurnOptions options) {
    ToolChoice choice = options.toolChoice();
    if (options.params().responseFormat() == null || choice != null && forced(choice)) {
      return null;
    }
    Set<String> taken = options.tools().stream().map(Tool::name).collect(Collectors.toSet());
    String name = JSON_ANSWER;
    for (int n = 2; taken.contains(name); n++) {
      name = JSON_ANSWER + "_" + n;
    }
    return name;
  }

  /** Puts {@code tools} and {@code tool_choice} in {@code body}, when the turn has tools or asks for JSON. */
  static void put(JsonObject body, TurnOptions options) {
    JsonArray tools = new JsonArray();
    options.tools().forEach(tool -> tools.add(tool(tool)));
    ToolChoice choice = options.toolChoice();
    String answerTool = answerTool(options);
    if (answerTool != null) {
      tools.add(answerToolSpec(answerTool, options.params().responseFormat()));
    }
    if (tools.isEmpty()) {
      return;
    }
    body.put("tools", tools);
    boolean serial = Boolean.FALSE.equals(options.params().parallelToolCalls());
    if (choice == null && answerTool == null && !serial) {
      return; // Anthropic's default is auto
    }
    JsonObject anthropic = answerTool != null ? answerChoice(options, answerTool) : choice(choice);
    if (serial && !"none".equals(anthropic.getString("type"))) {
      anthropic.put("disable_parallel_tool_use", true);
    }
    body.put("tool_choice", anthropic);
  }

  private static JsonObject tool(Tool tool) {
    JsonObject json = new JsonObject().put("name", tool.name());
    if (tool.description() != null) {
      json.put("description", tool.description());
    }
    return json.put("input_schema", tool.parameters());
  }

  /** The answer tool as Anthropic takes a tool: named {@code name}, its input schema the answer's. */
  private static JsonObject answerToolSpec(String name, ResponseFormat format) {
    String about = format.description() != null ? format.description()
        : "Answer with a JSON object" + (format.name() != null ? " (" + format.name() + ")" : "");
    JsonObject schema = format.schema() != null ? format.schema() : new JsonObject().put("type", "object");
    return new JsonObject().put("name", name)
        .put("description", about + ". This tool's input is the answer, given to the user as it is.")
        .put("input_schema", schema);
  }

  /** The answer tool, or any tool when the client's tools may be called instead. */
  private static JsonObject answerChoice(TurnOptions options, String answerTool) {
    ToolChoice choice = options.toolChoice();
    boolean clientTools = !options.tools().isEmpty() && (choice == null || ToolChoice.AUTO.equals(choice.mode()));
    return clientTools ? type("any") : type("tool").put("name", answerTool);
  }

  private static JsonObject choice(ToolChoice choice) {
    return switch (choice == null ? ToolChoice.AUTO : choice.mode()) {
      case ToolChoice.NONE -> type("none");
      case ToolChoice.REQUIRED -> type("any");
      case ToolChoice.FUNCTION -> type("tool").put("name", choice.function());
      default -> type("auto");
    };
  }

  private static boolean forced(ToolChoice choice) {
    return ToolChoice.REQUIRED.equals(choice.mode()) || ToolChoice.FUNCTION.equals(choice.mode());
  }

  private static JsonObject type(String type) {
    return new JsonObject().put("type", type);
  }
}
