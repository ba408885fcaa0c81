package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.Json;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.ResponseFormat;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated OpenAI {@code POST /v1/responses} body, every field read: {@code input} (a string, or
 * items: messages of content parts ({@code input_text}, {@code input_image} by URL or data URL,
 * {@code output_text}), {@code function_call}, {@code function_call_output}, and earlier
 * {@code reasoning} items, accepted and not sent on: no other provider takes them), {@code instructions}
 * (this turn's system prompt: not kept for a turn that continues it, as OpenAI does), {@code tools}
 * (functions), {@code tool_choice}, {@code parallel_tool_calls}, {@code temperature}, {@code top_p},
 * {@code max_output_tokens}, {@code text.format}, {@code reasoning.effort}, {@code user},
 * {@code stream}, {@code store} (true unless said), {@code previous_response_id}, {@code background}
 * and {@code metadata} (kept with the response). OpenAI's other tools (web search, file search…) and
 * any unknown field are refused by name.
 *
 * <p>{@code request} is the part of the response object that repeats the request (its model,
 * instructions, tools, parameters, metadata…), as a response shows it.
 */
public record ResponsesRequest(String model, List<ChatMessage> input, boolean stream,
                               boolean store, boolean background, String previousResponseId, TurnOptions options,
                               JsonObject request) {

  private static final Set<String> FIELDS = Set.of("model", "input", "instructions", "tools", "tool_choice",
      "parallel_tool_calls", "temperature", "top_p", "max_output_tokens", "text", "reasoning", "user", "stream",
      "store", "previous_response_id", "background", "metadata", "truncation", "include", "service_tier",
      "stream_options", "top_logprobs", "max_tool_calls", "prompt_cache_key", "safety_identifier");
  private static final int MAX_MODEL_CHARS = 128;

  public static ResponsesRequest parse(JsonObject json, int maxMessageChars) {
    RequestFields body = RequestFields.of(json).only(FIELDS);
    String model = body.string("model");
    if (model != null && (model.isBlank() || model.length() > MAX_MODEL_CHARS
        || model.chars().anyMatch(Character::isISOControl))) {
      throw body.invalid("model", "must be a non-empty string of at most " + MAX_MODEL_CHARS + " characters");
    }
    askingNothing(body);
    Input reader = new Input(maxMessageChars);
    List<ChatMessage> input = reader.read(body);
    boolean store = !Boolean.FALSE.equals(body.bool("store"));
    boolean background = Boolean.TRUE.equals(body.bool("background"));
    if (background && !store) {
      throw body.invalid("background", "needs 'store': a response run in the background is read back later");
    }
    String previous = body.string("previous_response_id");
    if (previous != null && !previous.startsWith("resp_")) {
      throw body.invalid("previous_response_id", "must be the id of a response, 'resp_…'");
    }
    if (previous == null) {
      reader.checkOutputs();
    }
    List<Tool> tools = tools(body);
    ToolChoice choice = toolChoice(body, tools);
    RequestFields reasoning = body.fields("reasoning");
    String effort = null;
    if (reasoning != null) {
      reasoning.only(Set.of("effort", "summary", "generate_summary"));
      effort = reasoning.oneOf("effort", List.of("none", "minimal", "low", "medium", "high"));
      reasoning.oneOf("summary", List.of("auto", "concise", "detailed"));
    }
    Boolean parallel = body.bool("parallel_tool_calls");
    GenerationParams params = new GenerationParams(body.number("temperature", 0, 2), body.number("top_p", 0, 1), null,
        body.smallInteger("max_output_tokens", 1, Integer.MAX_VALUE), null, null, null, null, null, format(body),
        effort, body.string("user"), null, Boolean.TRUE.equals(parallel) ? null : parallel);
    return new ResponsesRequest(model, input, Boolean.TRUE.equals(body.bool("stream")), store, background, previous,
        new TurnOptions(tools, choice, params, body.string("instructions")), echo(body, store, background));
  }

  /** The request's fields a response repeats, as OpenAI writes them (defaults filled in). */
  private static JsonObject echo(RequestFields body, boolean store, boolean background) {
    JsonObject json = body.json();
    JsonObject text = Json.object(json, "text");
    return new JsonObject().put("instructions", json.getString("instructions"))
        .put("max_output_tokens", json.getValue("max_output_tokens"))
        .put("metadata", Json.object(json, "metadata"))
        .put("parallel_tool_calls", json.getBoolean("parallel_tool_calls", true))
        .put("previous_response_id", json.getString("previous_response_id"))
        .put("reasoning", json.getJsonObject("reasoning", new JsonObject().put("effort", null).put("summary", null)))
        .put("store", store).put("background", background)
        .put("temperature", json.getValue("temperature", 1.0)).put("top_p", json.getValue("top_p", 1.0))
        .put("text", new JsonObject().put("format", text.getJsonObject("format", new JsonObject().put("type", "text"))))
        .put("tool_choice", json.getValue("tool_choice", "auto")).put("tools", Json.array(json, "tools"))
        .put("truncation", json.getString("truncation", "disabled")).put("user", json.getString("user"));
  }

  /** Fields OpenAI has that ask nothing here when left at their default. */
  private static void askingNothing(RequestFields body) {
    body.oneOf("truncation", List.of("disabled"));
    body.oneOf("service_tier", List.of("auto", "default"));
    JsonArray include = body.array("include");
    if (include != null && !include.isEmpty()) {
      throw body.invalid("include", "is not supported: a response here holds what it holds (no log probabilities,"
          + " encrypted reasoning or search results)");
    }
    Long logprobs = body.integer("top_logprobs", 0, 20);
    if (logprobs != null && logprobs > 0) {
      throw body.invalid("top_logprobs", "is not supported: Streamgate relays no log probabilities");
    }
    for (String field : List.of("max_tool_calls", "prompt_cache_key", "safety_identifier")) {
      if (body.has(field)) {
        throw body.invalid(field, "is not supported by this gateway");
      }
    }
    RequestFields options = body.fields("stream_options");
    if (options != null) {
      options.only(Set.of("include_obfuscation")).bool("include_obfuscation");
    }
    RequestFields metadata = body.fields("metadata");
    if (metadata != null && (metadata.json().size() > 16
        || !metadata.json().stream().allMatch(e -> e.getValue() instanceof String text && text.length() <= 512))) {
      throw body.invalid("metadata", "must map at most 16 keys to strings of at most 512 characters");
    }
  }

  private static ResponseFormat format(RequestFields body) {
    RequestFields text = body.fields("text");
    if (text == null) {
      return null;
    }
    text.only(Set.of("format", "verbosity"));
    text.oneOf("verbosity", List.of("medium"));
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

  private static List<Tool> tools(RequestFields body) {
    JsonArray list = body.array("tools");
    if (list == null) {
      return List.of();
    }
    List<Tool> tools = new ArrayList<>(list.size());
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      RequestFields tool = RequestFields.element(list, i, body.path("tools"));
      String type = tool.string("type");
      if (!"function".equals(type)) {
        throw tool.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'")
            + "; the tools a model can be given here are functions: OpenAI's own tools run at OpenAI only");
      }
      tool.only(Set.of("type", "name", "description", "parameters", "strict"));
      String name = OpenAiTools.name(tool, "name");
      if (!names.add(name)) {
        throw tool.invalid("name", "is '" + name + "', the name of an earlier tool; each tool needs its own");
      }
      tools.add(new Tool(name, tool.string("description"), OpenAiTools.schema(tool, "parameters"), tool.bool("strict")));
    }
    return List.copyOf(tools);
  }

  private static ToolChoice toolChoice(RequestFields body, List<Tool> tools) {
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

  /** {@code input}: the turn's new messages, in order; function calls join the assistant message before them. */
  private static final class Input {
    private final int maxChars;
    private final List<ChatMessage> messages = new ArrayList<>();

    Input(int maxChars) {
      this.maxChars = maxChars;
    }

    List<ChatMessage> read(RequestFields body) {
      Object input = body.json().getValue("input");
      if (input instanceof String text) {
        add(body, "input", new ChatMessage(ChatMessage.USER, text, null, false));
      } else if (input instanceof JsonArray items && !items.isEmpty()) {
        for (int i = 0; i < items.size(); i++) {
          inputItem(RequestFields.element(items, i, "input"));
        }
      } else {
        throw body.invalid("input", "is required: a string or a non-empty array of input items");
      }
      return List.copyOf(messages);
    }

    private void inputItem(RequestFields item) {
      String type = item.string("type");
      switch (type == null ? "message" : type) {
        case "message" -> message(item);
        case "function_call" -> functionCall(item);
        case "function_call_output" -> functionOutput(item);
        case "reasoning" -> item.only(Set.of("type", "id", "summary", "content", "encrypted_content", "status"));
        default -> throw item.invalid("type", "is '" + type + "'; an input item here is a message, a function_call,"
            + " a function_call_output or a reasoning item");
      }
    }

    private void message(RequestFields item) {
      item.only(Set.of("type", "role", "content", "id", "status"));
      String role = item.oneOf("role", List.of("user", "system", "developer", "assistant"));
      if (role == null) {
        throw item.invalid("role", "is required: 'user', 'system', 'developer' or 'assistant'");
      }
      Object content = item.json().getValue("content");
      if (content instanceof String text) {
        add(item, "content", new ChatMessage(role, text, null, false));
        return;
      }
      if (!(content instanceof JsonArray list)) {
        throw item.invalid("content", "must be a string or an array of content parts");
      }
      List<ContentPart> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        parts.add(part(RequestFields.element(list, i, item.path("content")), role));
      }
      add(item, "content", new ChatMessage(role, List.copyOf(parts), List.of(), null, null, false));
    }

    private static ContentPart part(RequestFields part, String role) {
      String type = part.string("type");
      boolean assistant = ChatMessage.ASSISTANT.equals(role);
      if (assistant ? "output_text".equals(type) || "refusal".equals(type) : "input_text".equals(type)) {
        part.only(Set.of("type", "text", "refusal", "annotations", "logprobs"));
        return ContentPart.text(part.requiredString("refusal".equals(type) ? "refusal" : "text"));
      }
      if ("input_image".equals(type) && ChatMessage.USER.equals(role)) {
        part.only(Set.of("type", "image_url", "detail"));
        if (!part.has("image_url")) {
          throw part.invalid("image_url", "is required: an http(s) URL or a base64 data URL (file ids are OpenAI's)");
        }
        return ContentPart.image(ImageSources.check(part.requiredString("image_url"), part.path("image_url")),
            part.oneOf("detail", List.of("auto", "low", "high")));
      }
      throw part.invalid("type", "is " + (type == null ? "missing" : "'" + type + "'") + "; a content part of a "
          + role + " message here is " + (assistant ? "'output_text'" : ChatMessage.USER.equals(role)
              ? "'input_text' or 'input_image'" : "'input_text'"));
    }

    /** A call the model made: it joins the assistant message right before it, or makes one. */
    private void functionCall(RequestFields item) {
      item.only(Set.of("type", "call_id", "name", "arguments", "id", "status"));
      String id = item.requiredString("call_id");
      String arguments = item.string("arguments");
      try {
        new JsonObject(arguments == null || arguments.isBlank() ? "{}" : arguments);
      } catch (RuntimeException notAnObject) {
        throw item.invalid("arguments", "must be a JSON object, as text");
      }
      ToolCall call = new ToolCall(id, item.requiredString("name"), arguments == null || arguments.isBlank() ? "{}" : arguments);
      ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
      if (last != null && ChatMessage.ASSISTANT.equals(last.role())) {
        List<ToolCall> joined = new ArrayList<>(last.toolCalls());
        joined.add(call);
        messages.set(messages.size() - 1, new ChatMessage(ChatMessage.ASSISTANT, last.parts(), List.copyOf(joined),
            null, null, false));
      } else {
        messages.add(new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(call), null, null, false));
      }
    }

    /** A call's result. A continued response's calls are in the conversation it continues: checked there. */
    private void functionOutput(RequestFields item) {
      item.only(Set.of("type", "call_id", "output", "id", "status"));
      String id = item.requiredString("call_id");
      String output = item.string("output");
      if (output == null) {
        throw item.invalid("output", "is required: the call's result, as a string");
      }
      add(item, "output", new ChatMessage(ChatMessage.TOOL, output.isEmpty() ? List.of() : List.of(ContentPart.text(output)),
          List.of(), id, null, false));
    }

    /** Without a response to continue, each call's output answers a call of the input before it. */
    void checkOutputs() {
      Set<String> made = new HashSet<>();
      for (int i = 0; i < messages.size(); i++) {
        ChatMessage message = messages.get(i);
        message.toolCalls().forEach(call -> made.add(call.id()));
        if (message.toolCallId() != null && !made.contains(message.toolCallId())) {
          throw GatewayException.invalid("input", "'input' has the output of call '" + message.toolCallId()
              + "', which no function_call before it made (continue a response by 'previous_response_id')");
        }
      }
    }

    private void add(RequestFields at, String field, ChatMessage message) {
      int chars = message.parts().stream().filter(ContentPart::isText).mapToInt(part -> part.text().length()).sum();
      if (chars > maxChars) {
        throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, "'" + at.path(field) + "' has " + chars
            + " characters; the limit is " + maxChars);
      }
      messages.add(message);
    }
  }
}
