package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.dialect.ImageSources;
import dev.streamgate.dialect.OpenAiChatRequest;
import dev.streamgate.dialect.OpenAiTools;
import dev.streamgate.dialect.RequestFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /chat/stream} body: {@code session_id} and {@code model} (optional, as
 * before), {@code message} with its {@code images} (http(s) or base64 data URLs), {@code tool_results}
 * ({@code [{tool_call_id, content}]}: what the calls of the session's last assistant message returned,
 * stored before the message, which they make optional), and per turn, not kept: {@code tools},
 * {@code tool_choice} and the generation parameters, in OpenAI's shapes and ranges. Every other field
 * is refused by name, as a misspelt parameter silently ignored would be a parameter silently dropped.
 * Whether each tool result answers a call of the session is checked where the history is (the session
 * verticle), before anything is stored.
 */
record NativeChatRequest(String sessionId, String model, List<ChatMessage> messages, TurnOptions options) {

  private static final Set<String> FIELDS = Set.of("session_id", "message", "model", "images", "tool_results",
      "tools", "tool_choice", "temperature", "top_p", "top_k", "max_tokens", "max_completion_tokens", "stop", "seed",
      "presence_penalty", "frequency_penalty", "response_format", "reasoning_effort", "user", "n",
      "parallel_tool_calls", "verbosity", "prompt_cache_key", "safety_identifier");

  static NativeChatRequest parse(JsonObject json, int maxMessageChars) {
    RequestFields body = RequestFields.of(json).only(FIELDS);
    String sessionId = ChatRequest.optional(json, "session_id");
    List<ChatMessage> messages = toolResults(body, sessionId, maxMessageChars);
    ChatMessage user = userMessage(body, !messages.isEmpty(), maxMessageChars);
    if (user != null) {
      messages.add(user);
    }
    oneAnswer(body);
    List<Tool> tools = OpenAiTools.tools(body);
    TurnOptions options = new TurnOptions(tools, OpenAiTools.toolChoice(body, tools), OpenAiChatRequest.params(body));
    return new NativeChatRequest(sessionId, ChatRequest.optional(json, "model"), List.copyOf(messages), options);
  }

  /** What the session is asked to record and answer: the tool results, then the user's message. */
  TurnBegin begin(String owner) {
    return new TurnBegin(sessionId, messages, model, false, owner);
  }

  /** The user's message and its images; null when there is none, which only tool results allow. */
  private static ChatMessage userMessage(RequestFields body, boolean toolResults, int maxChars) {
    JsonArray images = body.array("images");
    boolean anyImage = images != null && !images.isEmpty();
    if (!body.has("message") && toolResults) {
      if (anyImage) {
        throw body.invalid("images", "go with a 'message': send one with the images");
      }
      return null;
    }
    if (!body.has("message")) {
      throw body.invalid("message", "is required (a non-empty string) unless 'tool_results' are given");
    }
    List<ContentPart> parts = new ArrayList<>();
    parts.add(ContentPart.text(ChatRequest.message(body.json().getValue("message"), "message", maxChars)));
    for (int i = 0; anyImage && i < images.size(); i++) {
      String path = body.path("images") + "[" + i + "]";
      if (!(images.getValue(i) instanceof String url)) {
        throw GatewayException.invalid(path, "'" + path + "' must be a string: an http(s) URL or a base64 data URL");
      }
      parts.add(ContentPart.image(ImageSources.check(url, path), null));
    }
    return new ChatMessage(ChatMessage.USER, List.copyOf(parts), List.of(), null, null, false);
  }

  /** {@code tool_results} as {@code tool} messages, in order; each call answered once. */
  private static List<ChatMessage> toolResults(RequestFields body, String sessionId, int maxChars) {
    JsonArray list = body.array("tool_results");
    List<ChatMessage> results = new ArrayList<>();
    if (list == null || list.isEmpty()) {
      return results;
    }
    if (sessionId == null) {
      throw body.invalid("tool_results", "answer the tool calls of a session: give its 'session_id'");
    }
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String path = body.path("tool_results") + "[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject json)) {
        throw GatewayException.invalid(path, "'" + path + "' must be an object: {tool_call_id, content}");
      }
      RequestFields result = RequestFields.at(json, path).only(Set.of("tool_call_id", "content"));
      if (!result.has("tool_call_id")) {
        throw result.invalid("tool_call_id", "is required: the id of the call this is the result of");
      }
      String id = ChatRequest.id(json.getValue("tool_call_id"), result.path("tool_call_id"));
      if (!answered.add(id)) {
        throw result.invalid("tool_call_id", "is '" + id + "', the call an earlier result answers; answer each once");
      }
      results.add(new ChatMessage(ChatMessage.TOOL, content(result, maxChars), List.of(), id, null, false));
    }
    return results;
  }

  /** A tool result's {@code content}: a string, possibly empty, of at most {@code maxChars} characters. */
  private static List<ContentPart> content(RequestFields result, int maxChars) {
    String content = result.string("content");
    if (content == null) {
      throw result.invalid("content", "is required: the call's result, as a string (JSON as text, say)");
    }
    if (content.length() > maxChars) {
      throw new GatewayException(Failure.PAYLOAD_TOO_LARGE, "'" + result.path("content") + "' has "
          + content.length() + " characters; the limit is " + maxChars);
    }
    return content.isEmpty() ? List.of() : List.of(ContentPart.text(content));
  }

  /** This API streams one answer: {@code n} may only ask for that one. */
  private static void oneAnswer(RequestFields body) {
    Object n = body.json().getValue("n");
    if (n != null && !(n instanceof Integer one && one == 1)) {
      throw body.invalid("n", "must be 1 if given: this API streams one answer (POST /v1/chat/completions answers"
          + " several)");
    }
  }
}
