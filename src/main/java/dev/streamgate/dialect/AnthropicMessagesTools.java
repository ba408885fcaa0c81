package dev.streamgate.dialect;

import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Anthropic request's {@code tools} (custom tools: a name once, an {@code input_schema} of an object)
 * and {@code tool_choice} (auto, any, tool, none; {@code disable_parallel_tool_use}), in the turn's words.
 * Anthropic's server tools run at Anthropic only: refused by name.
 */
final class AnthropicMessagesTools {

  private AnthropicMessagesTools() {
  }

  /** The request's custom tools; empty when it has none. */
  static List<Tool> tools(RequestFields body) {
    List<Tool> tools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    body.each("tools", tool -> {
      String type = tool.string("type");
      if (type != null && !type.equals("custom")) {
        throw tool.invalid("type", "is '" + type + "'; Anthropic's server tools run at Anthropic only: give a"
            + " custom tool (name, description, input_schema)");
      }
      tool.only(Set.of("type", "name", "description", "input_schema", "cache_control"));
      String name = tool.requiredString("name");
      if (!names.add(name)) {
        throw tool.invalid("name", "is '" + name + "', the name of an earlier tool; each tool needs its own");
      }
      JsonObject schema = tool.object("input_schema");
      if (schema == null || schema.containsKey("type") && !"object".equals(schema.getValue("type"))) {
        throw tool.invalid("input_schema", "is required: the JSON schema of an object");
      }
      tools.add(new Tool(name, tool.string("description"), schema, null));
    });
    return List.copyOf(tools);
  }

  /** The request's {@code tool_choice}, null when it has none: {@code any} asks for a call, {@code tool} names one. */
  static ToolChoice toolChoice(RequestFields body, List<Tool> tools) {
    RequestFields choice = body.fields("tool_choice");
    if (choice == null) {
      return null;
    }
    choice.only(Set.of("type", "name", "disable_parallel_tool_use"));
    String type = choice.oneOf("type", List.of("auto", "any", "tool", "none"));
    if (type == null) {
      throw choice.invalid("type", "is required: 'auto', 'any', 'tool' or 'none'");
    }
    if (!type.equals("auto") && !type.equals("none") && tools.isEmpty()) {
      throw choice.invalid("type", "asks for a tool call, but the request has no tools");
    }
    return switch (type) {
      case "any" -> new ToolChoice(ToolChoice.REQUIRED, null);
      case "tool" -> {
        String name = choice.requiredString("name");
        if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
          throw choice.invalid("name", "is '" + name + "', which is not one of the request's tools");
        }
        yield new ToolChoice(ToolChoice.FUNCTION, name);
      }
      default -> new ToolChoice(type, null);
    };
  }

  /** {@code tool_choice.disable_parallel_tool_use}: false when it is set, else null (the provider's default). */
  static Boolean parallel(RequestFields body) {
    RequestFields choice = body.fields("tool_choice");
    return choice != null && Boolean.TRUE.equals(choice.bool("disable_parallel_tool_use")) ? false : null;
  }
}
