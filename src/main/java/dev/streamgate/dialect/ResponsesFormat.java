package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * OpenAI's Responses API, as its client libraries read it. Streaming: OpenAI's typed events, each
 * {@code event: <type>} with its {@code sequence_number} from 0: {@code response.created} and
 * {@code response.in_progress}; per output item {@code response.output_item.added}, its pieces and
 * {@code response.output_item.done} (a message: {@code response.content_part.added},
 * {@code response.output_text.delta}s, {@code .done}, {@code response.content_part.done}; a function
 * call: {@code response.function_call_arguments.delta}s and {@code .done}; reasoning, as a reasoning
 * item's summary: {@code response.reasoning_summary_part.added}, {@code response.reasoning_summary_text.delta}s,
 * {@code .done}, {@code response.reasoning_summary_part.done}); then {@code response.completed} (with
 * usage), {@code response.incomplete} (the token bound or a content filter ended it) or
 * {@code response.failed} (its status {@code cancelled} when it was stopped; when it failed, an
 * {@code error} event, its code and message, comes right before). An item ends when the
 * kind of delta changes, as a model streams them. Not streaming: the response object.
 *
 * <p>The events of a turn are the same each time its journal is read from the start, so a stream that
 * resumes ({@code starting_after=N}) reads the journal from its start and writes the events after
 * {@code N} only: each exactly once. One answer: other answers than the first are not shown.
 */
public final class ResponsesFormat implements JournalFormat {

  private final String id;
  private final JsonObject request;
  private final long createdAt;
  private final boolean stream;
  private final long after;
  private boolean alwaysTheObject;
  private String model;
  private long sequence = -1;
  private final JsonArray output = new JsonArray();
  private JsonObject item;
  private final StringBuilder said = new StringBuilder();
  private int toolIndex = -1;

  /**
   * {@code request}: the fields of the request a response repeats ({@link ResponsesRequest#request});
   * {@code model}: the concrete model to report until the upstream names the one that answered;
   * {@code after}: the last sequence number the client has (-1: none).
   */
  public ResponsesFormat(String id, JsonObject request, String model, long createdAt, boolean stream, long after) {
    this.id = id;
    this.request = request;
    this.model = model;
    this.createdAt = createdAt;
    this.stream = stream;
    this.after = after;
  }

  /**
   * A whole-response format for {@code response}, a stored response object, that answers the response
   * object however its turn ended (a cancel answers the cancelled response, not an error).
   */
  public static ResponsesFormat whole(String id, JsonObject response) {
    ResponsesFormat format = new ResponsesFormat(id, response, response.getString("model"),
        response.getLong("created_at"), false, -1);
    format.alwaysTheObject = true;
    return format;
  }

  @Override
  public boolean streams() {
    return stream;
  }

  @Override
  public Buffer opening() {
    Buffer events = Buffer.buffer();
    JsonObject started = response("in_progress", null, null, null);
    event(events, "response.created", new JsonObject().put("response", started));
    event(events, "response.in_progress", new JsonObject().put("response", started));
    return events.length() == 0 ? null : events;
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(200 * entries.size());
    for (JournalEntry entry : entries) {
      if (entry.kind() == JournalEntry.Kind.DELTA) {
        delta(events, entry.delta());
      } else {
        close(events);
        JsonObject response = response(entry);
        if ("failed".equals(response.getString("status"))) {
          JsonObject error = response.getJsonObject("error");
          event(events, "error", new JsonObject().put("code", error.getString("code"))
              .put("message", error.getString("message")).putNull("param"));
        }
        event(events, switch (response.getString("status")) {
          case "completed" -> "response.completed";
          case "incomplete" -> "response.incomplete";
          default -> "response.failed";
        }, new JsonObject().put("response", response));
      }
    }
    return stream ? events : Buffer.buffer();
  }

  @Override
  public Answer answer(JournalEntry last) {
    if (last.kind() == JournalEntry.Kind.ERROR && !alwaysTheObject) {
      Failure failure = OpenAiChatFormat.failure(last);
      return new Answer(failure.status(), ErrorShape.OPENAI.body(failure, OpenAiChatFormat.message(last)));
    }
    return new Answer(200, response(last));
  }

  /** The response object once the turn's {@code entries} (all of them, from the first) are read. */
  public JsonObject record(List<JournalEntry> entries) {
    entries(null, entries, () -> "");
    return response(entries.get(entries.size() - 1));
  }

  /** The response object as it stands before its turn ends: {@code status} queued or in progress. */
  public JsonObject started(String status) {
    return response(status, null, null, null);
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  private void delta(Buffer events, Delta delta) {
    if (delta.choice() != 0 || delta.kind() == Delta.Kind.FINISH) {
      return; // one answer; its end is the turn's
    }
    switch (delta.kind()) {
      case TEXT -> {
        if (open(events, "message")) {
          event(events, "response.content_part.added", part("output_text", "").put("content_index", 0));
        }
        said.append(delta.text());
        event(events, "response.output_text.delta", itemEvent().put("content_index", 0).put("delta", delta.text())
            .put("logprobs", new JsonArray()));
      }
      case REASONING -> {
        if (open(events, "reasoning")) {
          event(events, "response.reasoning_summary_part.added", part("summary_text", "").put("summary_index", 0));
        }
        said.append(delta.text());
        event(events, "response.reasoning_summary_text.delta", itemEvent().put("summary_index", 0)
            .put("delta", delta.text()));
      }
      case TOOL_CALL -> {
        close(events);
        toolIndex = delta.tool();
        item = new JsonObject().put("id", itemId("fc")).put("type", "function_call").put("status", "in_progress")
            .put("arguments", "").put("call_id", delta.id()).put("name", delta.name());
        event(events, "response.output_item.added", new JsonObject().put("output_index", output.size())
            .put("item", item.copy()));
      }
      case TOOL_ARGUMENTS -> {
        if (item != null && "function_call".equals(item.getString("type")) && delta.tool() == toolIndex) {
          said.append(delta.text());
          event(events, "response.function_call_arguments.delta", itemEvent().put("delta", delta.text()));
        }
      }
      default -> {
      }
    }
  }

  /** Opens an item of {@code type} unless one is open; true when it did. */
  private boolean open(Buffer events, String type) {
    if (item != null && type.equals(item.getString("type"))) {
      return false;
    }
    close(events);
    item = "message".equals(type)
        ? new JsonObject().put("id", itemId("msg")).put("type", "message").put("status", "in_progress")
            .put("content", new JsonArray()).put("role", "assistant")
        : new JsonObject().put("id", itemId("rs")).put("type", "reasoning").put("summary", new JsonArray());
    event(events, "response.output_item.added", new JsonObject().put("output_index", output.size()).put("item", item.copy()));
    return true;
  }

  /** Ends the open item with what its deltas said, and adds it to the output. */
  private void close(Buffer events) {
    if (item == null) {
      return;
    }
    String text = said.toString();
    switch (item.getString("type")) {
      case "message" -> {
        JsonObject part = new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", text);
        event(events, "response.output_text.done", itemEvent().put("content_index", 0).put("text", text)
            .put("logprobs", new JsonArray()));
        event(events, "response.content_part.done", itemEvent().put("content_index", 0).put("part", part));
        item.put("status", "completed").put("content", new JsonArray().add(part));
      }
      case "reasoning" -> {
        JsonObject part = new JsonObject().put("type", "summary_text").put("text", text);
        event(events, "response.reasoning_summary_text.done", itemEvent().put("summary_index", 0).put("text", text));
        event(events, "response.reasoning_summary_part.done", itemEvent().put("summary_index", 0).put("part", part));
        item.put("summary", new JsonArray().add(part));
      }
      default -> {
        event(events, "response.function_call_arguments.done", itemEvent().put("arguments", text));
        item.put("status", "completed").put("arguments", text);
      }
    }
    event(events, "response.output_item.done", new JsonObject().put("output_index", output.size()).put("item", item.copy()));
    output.add(item);
    item = null;
    said.setLength(0);
  }

  private JsonObject part(String type, String text) {
    JsonObject part = new JsonObject().put("type", type).put("text", text);
    return itemEvent().put("part", "output_text".equals(type) ? part.put("annotations", new JsonArray()) : part);
  }

  /** The fields every event about the open item has. */
  private JsonObject itemEvent() {
    return new JsonObject().put("item_id", item.getString("id")).put("output_index", output.size());
  }

  /** Numbers the event, and writes it when the client does not have it yet. */
  private void event(Buffer events, String type, JsonObject event) {
    sequence++;
    if (stream && sequence > after) {
      events.appendBuffer(SseWriter.named(type, new JsonObject().put("type", type).put("sequence_number", sequence)
          .mergeIn(event)));
    }
  }

  private String itemId(String prefix) {
    return prefix + "_" + id.substring("resp_".length()) + "_" + output.size();
  }

  /** The response as the turn's last entry leaves it. */
  private JsonObject response(JournalEntry last) {
    JsonObject end = last.end();
    if (last.kind() == JournalEntry.Kind.ERROR) {
      Failure failure = OpenAiChatFormat.failure(last);
      boolean stopped = failure == Failure.STOPPED || failure == Failure.ABANDONED;
      return response(stopped ? "cancelled" : "failed", new JsonObject().put("code", failure.code())
          .put("message", OpenAiChatFormat.message(last)), null, null);
    }
    model = end.getString("model", model);
    String finish = Objects.requireNonNullElse(end.getString("finish_reason"), "stop");
    JsonObject incomplete = switch (finish) {
      case "length" -> new JsonObject().put("reason", "max_output_tokens");
      case "content_filter" -> new JsonObject().put("reason", "content_filter");
      default -> null;
    };
    return response(incomplete == null ? "completed" : "incomplete", null, incomplete, usage(end));
  }

  private JsonObject response(String status, JsonObject error, JsonObject incomplete, JsonObject usage) {
    JsonObject response = new JsonObject().put("id", id).put("object", "response").put("created_at", createdAt)
        .put("status", status).put("background", request.getValue("background")).put("error", error)
        .put("incomplete_details", incomplete);
    request.forEach(field -> response.getMap().putIfAbsent(field.getKey(), field.getValue()));
    return response.put("model", model).put("output", output.copy()).put("usage", usage);
  }

  /** OpenAI's Responses words for the usage a turn reports in chat completions' words. */
  private static JsonObject usage(JsonObject done) {
    JsonObject usage = done.getJsonObject("usage");
    if (usage == null) {
      return null;
    }
    return new JsonObject().put("input_tokens", usage.getLong("prompt_tokens", 0L))
        .put("input_tokens_details", new JsonObject().put("cached_tokens",
            Json.object(usage, "prompt_tokens_details").getLong("cached_tokens", 0L)))
        .put("output_tokens", usage.getLong("completion_tokens", 0L))
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens",
            Json.object(usage, "completion_tokens_details").getLong("reasoning_tokens", 0L)))
        .put("total_tokens", usage.getLong("total_tokens", 0L));
  }
}
