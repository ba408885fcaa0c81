package dev.streamgate.dialect;

import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import java.util.List;
import java.util.Set;

/**
 * A Responses request's {@code tools}, {@code tool_choice} and {@code text.format}, in the Responses
 * API's flat shapes ({@code {"type": "function", "name": …}}), with {@link OpenAiTools}' checks of names
 * and schemas. OpenAI's own tools (web search, file search…) run at OpenAI only: refused by name.
 */
final class ResponsesTools {

  private ResponsesTools() {
  }

  /** The request's function tools; empty when it has none. */
  static List<Tool> tools(RequestFields body) {
    return OpenAiTools.tools(body, tool -> {
      String type = tool.string("type");
      if (!"function".equals(type)) {
        throw tool.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'")
            + "; the tools a model can be given here are functions: OpenAI's own tools run at OpenAI only");
      }
      return tool.only(Set.of("type", "name", "description", "parameters", "strict"));
    });
  }

  /** The request's {@code tool_choice}, null when it has none; a function it names must be among {@code tools}. */
  static ToolChoice toolChoice(RequestFields body, List<Tool> tools) {
    Object value = body.json().getValue("tool_choice");
    if (value == null) {
      return null;
    }
    ToolChoice choice;
    if (value instanceof String) {
      choice = new ToolChoice(body.oneOf("tool_choice", List.of("auto", "none", "required")), null);
    } else {
      RequestFields named = body.fields("tool_choice");
      if (!"function".equals(named.string("type"))) {
        throw named.invalid("type", "must be 'function' (with a name), or tool_choice one of 'auto', 'none', 'required'");
      }
      named.only(Set.of("type", "name"));
      String name = named.requiredString("name");
      if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
        throw named.invalid("name", "is '" + name + "', which is not one of the request's tools");
      }
      choice = new ToolChoice(ToolChoice.FUNCTION, name);
    }
    if (tools.isEmpty() && (ToolChoice.REQUIRED.equals(choice.mode()) || ToolChoice.FUNCTION.equals(choice.mode()))) {
      throw body.invalid("tool_choice", "asks for a tool call, but the request has no tools");
    }
    return choice;
  }

  /** The request's {@code text} ({@code format}, {@code verbosity}); null for none or plain text, the default. */
  static ResponseFormat textFormat(RequestFields body) {
    RequestFields text = body.fields("text");
    if (text == null) {
      return null;
    }
    text.only(Set.of("format", "verbosity"));
    OpenAiChatRequest.verbosity(text); // a parameter of its own: ResponsesRequest reads it
    RequestFields format = text.fields("format");
    if (format == null) {
      return null;
    }
    String type = format.oneOf("type", List.of("text", "json_object", "json_schema"));
    if (type == null) {
      throw format.invalid("type", "is required: 'text', 'json_object' or 'json_schema'");
    }
    if (!type.equals("json_schema")) {
      format.only(Set.of("type"));
      return type.equals("text") ? null : new ResponseFormat(ResponseFormat.JSON_OBJECT, null, null, null, null);
    }
    format.only(Set.of("type", "name", "schema", "description", "strict"));
    String name = OpenAiTools.name(format, "name");
    if (!format.has("schema")) {
      throw format.invalid("schema", "is required: the JSON schema of an object");
    }
    return new ResponseFormat(ResponseFormat.JSON_SCHEMA, name, format.string("description"),
        OpenAiTools.schema(format, "schema"), format.bool("strict"));
  }
}
