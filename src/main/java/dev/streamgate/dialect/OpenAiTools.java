package dev.streamgate.dialect;

import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolChoice;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * OpenAI's {@code tools}, {@code tool_choice} and {@code response_format}, checked as OpenAI checks
 * them: function tools only, each named ({@code [a-zA-Z0-9_-]{1,64}}, once) with an object schema for
 * its parameters; a tool choice that names a tool the request has; a JSON schema that is an object.
 */
public final class OpenAiTools {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final List<String> MODES = List.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED);

  private OpenAiTools() {
  }

  /** The request's {@code tools}; empty when it has none. */
  public static List<Tool> tools(RequestFields body) {
    return tools(body, tool -> {
      String type = tool.string("type");
      if (!"function".equals(type)) {
        throw tool.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'")
            + "; the tools a model can be given here are functions: 'function'");
      }
      tool.only(Set.of("type", "function"));
      RequestFields function = tool.fields("function");
      if (function == null) {
        throw tool.invalid("function", "is required: {name, description?, parameters?, strict?}");
      }
      return function.only(Set.of("name", "description", "parameters", "strict"));
    });
  }

  /**
   * The request's {@code tools}, each checked by {@code function} (its type, its fields) down to the object
   * that names and describes it: the shape differs between OpenAI's APIs, the checks of a tool do not.
   */
  static List<Tool> tools(RequestFields body, UnaryOperator<RequestFields> function) {
    List<Tool> tools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    body.each("tools", tool -> {
      RequestFields described = function.apply(tool);
      String name = name(described, "name");
      if (!names.add(name)) {
        throw described.invalid("name", "is '" + name + "', the name of an earlier tool; each tool needs its own");
      }
      tools.add(new Tool(name, described.string("description"), schema(described, "parameters"),
          described.bool("strict")));
    });
    return List.copyOf(tools);
  }

  /** The request's {@code tool_choice}, null when it has none; a tool it names must be among {@code tools}. */
  public static ToolChoice toolChoice(RequestFields body, List<Tool> tools) {
    Object value = body.json().getValue("tool_choice");
    if (value == null) {
      return null;
    }
    ToolChoice choice;
    if (value instanceof String) {
      choice = new ToolChoice(body.oneOf("tool_choice", MODES), null);
    } else if (value instanceof JsonObject) {
      RequestFields named = body.fields("tool_choice").only(Set.of("type", "function"));
      if (!"function".equals(named.string("type")) || named.fields("function") == null) {
        throw body.invalid("tool_choice", "must be 'auto', 'none', 'required' or"
            + " {\"type\": \"function\", \"function\": {\"name\": …}}");
      }
      RequestFields function = named.fields("function").only(Set.of("name"));
      choice = new ToolChoice(ToolChoice.FUNCTION, function.requiredString("name"));
      if (tools.stream().noneMatch(tool -> tool.name().equals(choice.function()))) {
        throw function.invalid("name", "is '" + choice.function() + "', which is not one of the request's tools");
      }
    } else {
      throw body.invalid("tool_choice", "must be a string or an object");
    }
    if (tools.isEmpty() && !ToolChoice.NONE.equals(choice.mode()) && !ToolChoice.AUTO.equals(choice.mode())) {
      throw body.invalid("tool_choice", "asks for a tool call, but the request has no tools");
    }
    return choice;
  }

  /** The request's {@code response_format}; null for none or {@code text}, the default. */
  public static ResponseFormat responseFormat(RequestFields body) {
    RequestFields format = body.fields("response_format");
    if (format == null) {
      return null;
    }
    format.only(Set.of("type", "json_schema"));
    String type = format.oneOf("type", List.of(ResponseFormat.TEXT, ResponseFormat.JSON_OBJECT, ResponseFormat.JSON_SCHEMA));
    if (type == null) {
      throw format.invalid("type", "is required: 'text', 'json_object' or 'json_schema'");
    }
    if (!ResponseFormat.JSON_SCHEMA.equals(type)) {
      return ResponseFormat.TEXT.equals(type) ? null : new ResponseFormat(type, null, null, null, null);
    }
    RequestFields described = format.fields("json_schema");
    if (described == null) {
      throw format.invalid("json_schema", "is required: {name, schema, description?, strict?}");
    }
    described.only(Set.of("name", "description", "schema", "strict"));
    return new ResponseFormat(type, name(described, "name"), described.string("description"),
        schema(described, "schema"), described.bool("strict"));
  }

  /** A tool's or a schema's name, as OpenAI takes them (1 to 64 letters, digits, '_' or '-'). */
  static String name(RequestFields fields, String field) {
    String name = fields.requiredString(field);
    if (!NAME.matcher(name).matches()) {
      throw fields.invalid(field, "must be 1 to 64 letters, digits, '_' or '-', not '" + name + "'");
    }
    return name;
  }

  /** A JSON schema of an object: absent means one without properties. */
  static JsonObject schema(RequestFields fields, String field) {
    Object value = fields.json().getValue(field);
    if (value == null) {
      return new JsonObject().put("type", "object").put("properties", new JsonObject());
    }
    if (!(value instanceof JsonObject schema) || schema.containsKey("type") && !"object".equals(schema.getValue("type"))) {
      throw fields.invalid(field, "must be the JSON schema of an object ({\"type\": \"object\", \"properties\": …})");
    }
    return schema;
  }
}
