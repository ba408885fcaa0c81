package dev.streamgate.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON schema (a tool's parameters, a {@code json_schema} answer's shape) in Gemini's dialect: the
 * OpenAPI 3.0 subset of its {@code Schema} object (https://ai.google.dev/api/caching#Schema), which
 * rejects the rest of JSON Schema with a 400 ({@code additionalProperties}, {@code $schema}, {@code $ref}…).
 *
 * <p>What Gemini cannot read is stripped rather than refused, because every client library writes
 * such keywords (OpenAI's {@code strict} mode requires {@code additionalProperties: false}) and none
 * changes what a valid value is made of: local {@code $ref}s to {@code $defs}/{@code definitions} are
 * inlined (a recursive one becomes a plain object), a type list with {@code "null"} becomes the type and
 * {@code nullable}, {@code const} a one-value enum, {@code oneOf} {@code anyOf}; enums other than of
 * strings, formats Gemini does not know for the type, and every keyword outside its subset are left
 * out. The schema is then looser, never stricter, than the client's: the client still validates.
 */
final class GeminiSchema {

  /** Gemini's Schema fields copied as they are (the structural ones are converted below). */
  private static final Set<String> KEPT = Set.of("description", "title", "nullable", "minItems", "maxItems",
      "minLength", "maxLength", "pattern", "minimum", "maximum", "minProperties", "maxProperties", "example",
      "default", "propertyOrdering");

  /** The formats Gemini takes, by type; any other is left out. */
  private static final Map<String, Set<String>> FORMATS = Map.of("string", Set.of("enum", "date-time"),
      "number", Set.of("float", "double"), "integer", Set.of("int32", "int64"));

  private final JsonObject root;
  private final List<String> resolving = new ArrayList<>();

  private GeminiSchema(JsonObject root) {
    this.root = root;
  }

  /** {@code schema} in Gemini's dialect; null for null. */
  static JsonObject of(JsonObject schema) {
    return schema == null ? null : new GeminiSchema(schema).convert(schema);
  }

  /** True when {@code schema} is an object schema without properties, which Gemini refuses as parameters. */
  static boolean empty(JsonObject schema) {
    return schema == null || "object".equals(schema.getValue("type"))
        && schema.getJsonObject("properties", new JsonObject()).isEmpty() && !schema.containsKey("$ref");
  }

  private JsonObject convert(JsonObject schema) {
    if (schema.getValue("$ref") instanceof String ref) {
      return inline(ref);
    }
    JsonObject out = new JsonObject();
    schema.forEach(entry -> {
      if (KEPT.contains(entry.getKey())) {
        out.put(entry.getKey(), entry.getValue());
      }
    });
    type(schema, out);
    structure(schema, out);
    values(schema, out);
    return out;
  }

  /** {@code type}: a name, or a list of names where {@code "null"} means nullable. */
  private void type(JsonObject schema, JsonObject out) {
    Object type = schema.getValue("type");
    if (type instanceof String name) {
      out.put("type", name);
    } else if (type instanceof JsonArray names) {
      List<Object> kinds = names.stream().filter(name -> !"null".equals(name)).toList();
      if (kinds.size() < names.size()) {
        out.put("nullable", true);
      }
      if (kinds.size() == 1) {
        out.put("type", kinds.get(0));
      } else if (kinds.size() > 1) {
        JsonArray any = new JsonArray();
        kinds.forEach(kind -> any.add(new JsonObject().put("type", kind)));
        out.put("anyOf", any);
      }
    }
  }

  private void structure(JsonObject schema, JsonObject out) {
    if (schema.getValue("properties") instanceof JsonObject properties) {
      JsonObject converted = new JsonObject();
      properties.forEach(p -> converted.put(p.getKey(), p.getValue() instanceof JsonObject s ? convert(s) : null));
      out.put("properties", converted);
      out.put("type", out.getString("type", "object"));
      if (schema.getValue("required") instanceof JsonArray required) {
        out.put("required", new JsonArray(required.stream()
            .filter(name -> name instanceof String key && properties.containsKey(key)).toList()));
      }
    }
    if (schema.getValue("items") instanceof JsonObject items) {
      out.put("items", convert(items));
    }
    Object union = schema.getValue("anyOf") != null ? schema.getValue("anyOf") : schema.getValue("oneOf");
    if (union instanceof JsonArray choices) {
      JsonArray converted = new JsonArray();
      choices.forEach(choice -> {
        if (choice instanceof JsonObject s) {
          converted.add(convert(s));
        }
      });
      out.put("anyOf", converted);
    }
    if (schema.getValue("allOf") instanceof JsonArray all && all.size() == 1
        && all.getValue(0) instanceof JsonObject only) {
      convert(only).forEach(entry -> out.put(entry.getKey(), entry.getValue()));
    }
  }

  /**
   * {@code enum} of strings (a null among them: nullable, as OpenAI's strict mode writes an optional
   * value) and {@code const} (a one-value enum), and a format Gemini knows for the type.
   */
  private void values(JsonObject schema, JsonObject out) {
    JsonArray values = schema.getValue("const") instanceof String constant ? new JsonArray().add(constant)
        : schema.getValue("enum") instanceof JsonArray list ? list : null;
    if (values != null && values.contains(null)) {
      out.put("nullable", true);
      values = new JsonArray(values.stream().filter(value -> value != null).toList());
    }
    if (values != null && !values.isEmpty() && values.stream().allMatch(value -> value instanceof String)) {
      out.put("enum", values);
      out.put("type", "string");
    }
    if (schema.getValue("format") instanceof String format
        && FORMATS.getOrDefault(out.getString("type", ""), Set.of()).contains(format)) {
      out.put("format", format);
    }
  }

  /** A local reference, inlined; one met again while it is being inlined (recursion) becomes a plain object. */
  private JsonObject inline(String ref) {
    JsonObject target = null;
    for (String prefix : List.of("#/$defs/", "#/definitions/")) {
      if (ref.startsWith(prefix) && root.getValue(prefix.substring(2, prefix.length() - 1)) instanceof JsonObject defs
          && defs.getValue(ref.substring(prefix.length())) instanceof JsonObject found) {
        target = found;
      }
    }
    if (target == null || resolving.contains(ref)) {
      return new JsonObject().put("type", "object");
    }
    resolving.add(ref);
    JsonObject inlined = convert(target);
    resolving.remove(resolving.size() - 1);
    return inlined;
  }
}
