package dev.streamgate.dialect;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code GET /v1/responses/{id}/input_items}: the items a stored response was given, as OpenAI lists
 * them: its whole conversation up to it (a response that continues another lists the other's input and
 * output too), in the Responses API's item shapes (messages of {@code input_text} and
 * {@code input_image} parts, or an assistant's of {@code output_text}; {@code reasoning} with its
 * summary; {@code function_call}; {@code function_call_output}), each with an id of its place in the
 * conversation, a page at a time ({@link Query}).
 */
public final class ResponsesInputItems {

  private ResponsesInputItems() {
  }

  /**
   * Whether a GET's {@code include} ({@code include} or {@code include[]}) asks for
   * {@code reasoning.encrypted_content}, all it can ask for here; anything else is refused by name.
   */
  public static boolean sealing(MultiMap params) {
    List<String> include = Stream.concat(params.getAll("include").stream(), params.getAll("include[]").stream())
        .toList();
    if (include.stream().anyMatch(value -> !value.equals(ResponsesRequest.SEALED_REASONING))) {
      throw GatewayException.invalid("include", "'include' can ask for '" + ResponsesRequest.SEALED_REASONING
          + "' only");
    }
    return !include.isEmpty();
  }

  /**
   * A page asked for: {@code limit} items (1 to 100, 20 unless said), {@code order} {@code desc} (the
   * newest first, unless {@code asc}), those {@code after} an item id (the first of them) or
   * {@code before} one (the last of them), and with {@code include} ({@code reasoning.encrypted_content}
   * only) reasoning items sealed ({@link ThinkingBlocks#sealed}).
   */
  public record Query(int limit, boolean ascending, String after, String before, boolean sealing) {

    public static Query of(MultiMap params) {
      String order = params.get("order");
      if (order != null && !order.equals("asc") && !order.equals("desc")) {
        throw GatewayException.invalid("order", "'order' must be 'asc' or 'desc'");
      }
      return new Query(limit(params.get("limit")), "asc".equals(order), params.get("after"), params.get("before"),
          ResponsesInputItems.sealing(params));
    }

    private static int limit(String value) {
      if (value == null) {
        return 20;
      }
      try {
        int limit = Integer.parseInt(value.strip());
        if (limit >= 1 && limit <= 100) {
          return limit;
        }
      } catch (NumberFormatException notANumber) {
        // refused below
      }
      throw GatewayException.invalid("limit", "'limit' must be a whole number from 1 to 100");
    }
  }

  /** The page {@code query} asks of the items of response {@code id}, whose conversation up to it is {@code inputs}. */
  public static JsonObject list(String id, List<ChatMessage> inputs, Query query) {
    List<JsonObject> items = items(id.substring("resp_".length()), inputs, query.sealing());
    if (!query.ascending()) {
      Collections.reverse(items);
    }
    List<String> ids = items.stream().map(item -> item.getString("id")).toList();
    int from = query.after() == null ? 0 : 1 + place(ids, query.after(), "after", id);
    int to = query.before() == null ? items.size() : place(ids, query.before(), "before", id);
    boolean backwards = query.before() != null && query.after() == null;
    int start = backwards ? Math.max(from, to - query.limit()) : from;
    int end = backwards ? to : Math.max(from, Math.min(to, from + query.limit()));
    List<JsonObject> page = items.subList(start, end);
    return new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(page)))
        .put("first_id", page.isEmpty() ? null : page.get(0).getString("id"))
        .put("last_id", page.isEmpty() ? null : page.get(page.size() - 1).getString("id"))
        .put("has_more", backwards ? start > from : end < to);
  }

  /** Where item {@code item} is in {@code ids}; a 400 naming {@code param} when it is none of response {@code id}'s. */
  private static int place(List<String> ids, String item, String param, String id) {
    int place = ids.indexOf(item);
    if (place < 0) {
      throw GatewayException.invalid(param, "'" + param + "' must be the id of an item of response '" + id + "'");
    }
    return place;
  }

  /** The items of {@code inputs}, oldest first; their ids name the turn and their place. */
  private static List<JsonObject> items(String turn, List<ChatMessage> inputs, boolean sealing) {
    List<JsonObject> items = new ArrayList<>();
    for (ChatMessage message : inputs) {
      if (!message.thinking().isEmpty()) {
        String text = ChatMessage.Thinking.text(message.thinking());
        JsonObject reasoning = item("rs", turn, items).put("type", "reasoning").put("summary", new JsonArray()
            .add(new JsonObject().put("type", "summary_text").put("text", text)));
        items.add(sealing ? reasoning.put("encrypted_content", ThinkingBlocks.sealed(message.thinking())) : reasoning);
      }
      if (ChatMessage.TOOL.equals(message.role())) {
        items.add(item("fco", turn, items).put("type", "function_call_output").put("call_id", message.toolCallId())
            .put("output", message.content()).put("status", "completed"));
        continue;
      }
      if (!message.parts().isEmpty() || message.toolCalls().isEmpty()) {
        items.add(message(item("msg", turn, items), message));
      }
      for (ToolCall call : message.toolCalls()) {
        items.add(item("fc", turn, items).put("type", "function_call").put("call_id", call.id())
            .put("name", call.name()).put("arguments", call.arguments()).put("status", "completed"));
      }
    }
    return items;
  }

  private static JsonObject item(String prefix, String turn, List<JsonObject> before) {
    return new JsonObject().put("id", prefix + "_" + turn + "_in" + before.size());
  }

  private static JsonObject message(JsonObject item, ChatMessage message) {
    boolean assistant = ChatMessage.ASSISTANT.equals(message.role());
    JsonArray content = new JsonArray();
    for (ContentPart part : message.parts()) {
      if (!part.isText()) {
        content.add(new JsonObject().put("type", "input_image").put("image_url", part.url())
            .put("detail", part.detail() == null ? "auto" : part.detail()));
      } else if (assistant) {
        content.add(new JsonObject().put("type", "output_text").put("text", part.text())
            .put("annotations", new JsonArray()));
      } else {
        content.add(new JsonObject().put("type", "input_text").put("text", part.text()));
      }
    }
    return item.put("type", "message").put("role", message.role()).put("content", content).put("status", "completed");
  }
}
