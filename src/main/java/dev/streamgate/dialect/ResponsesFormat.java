package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
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
 * {@code N} only: each exactly once ({@link ResponsesEvents}). One answer: other answers than the first
 * are not shown. {@link ResponsesItems} writes the output items and their events; {@link ResponsesObject}
 * builds the response object as it stands at each point.
 */
public final class ResponsesFormat implements JournalFormat {

  private final boolean stream;
  private final ResponsesEvents events;
  private final ResponsesItems items;
  private final ResponsesObject response;
  private boolean alwaysTheObject;

  /**
   * {@code request}: the fields of the request a response repeats ({@link ResponsesRequest#request});
   * {@code model}: the concrete model to report until the upstream names the one that answered;
   * {@code after}: the last sequence number the client has (-1: none); {@code sealing}: reasoning items
   * carry their reasoning sealed ({@code include: ["reasoning.encrypted_content"]}, {@link ResponsesItems}).
   */
  public ResponsesFormat(String id, JsonObject request, String model, long createdAt, boolean stream, long after,
                         boolean sealing) {
    this.stream = stream;
    this.events = new ResponsesEvents(stream, after);
    this.items = new ResponsesItems(id, events, sealing);
    this.response = new ResponsesObject(id, request, model, createdAt, items.output());
  }

  /**
   * A whole-response format for {@code response}, a stored response object, that answers the response
   * object however its turn ended (a cancel answers the cancelled response, not an error).
   */
  public static ResponsesFormat whole(String id, JsonObject response, boolean sealing) {
    ResponsesFormat format = new ResponsesFormat(id, response, response.getString("model"),
        response.getLong("created_at"), false, -1, sealing);
    format.alwaysTheObject = true;
    return format;
  }

  @Override
  public boolean streams() {
    return stream;
  }

  @Override
  public Buffer opening() {
    Buffer out = Buffer.buffer();
    JsonObject started = response.started("in_progress");
    events.write(out, "response.created", new JsonObject().put("response", started));
    events.write(out, "response.in_progress", new JsonObject().put("response", started));
    return out.length() == 0 ? null : out;
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer out = Buffer.buffer(200 * entries.size());
    for (JournalEntry entry : entries) {
      if (entry.kind() == JournalEntry.Kind.DELTA) {
        items.delta(out, entry.delta());
      } else {
        end(out, entry);
      }
    }
    return stream ? out : Buffer.buffer();
  }

  @Override
  public Answer answer(JournalEntry last) {
    if (last.kind() == JournalEntry.Kind.ERROR && !alwaysTheObject) {
      Failure failure = OpenAiChatFormat.failure(last);
      return new Answer(failure.status(), ErrorShape.OPENAI.body(failure, OpenAiChatFormat.message(last)));
    }
    return new Answer(200, response.ended(last));
  }

  /** The response object once the turn's {@code entries} (all of them, from the first) are read. */
  public JsonObject record(List<JournalEntry> entries) {
    entries(null, entries, () -> "");
    return response.ended(entries.get(entries.size() - 1));
  }

  /** The response object as it stands before its turn ends: {@code status} queued or in progress. */
  public JsonObject started(String status) {
    return response.started(status);
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  /** The turn's end: the open item closes, then the response's last event (a failure's error event before it). */
  private void end(Buffer out, JournalEntry last) {
    items.close(out);
    JsonObject ended = response.ended(last);
    if ("failed".equals(ended.getString("status"))) {
      JsonObject error = ended.getJsonObject("error");
      events.write(out, "error", new JsonObject().put("code", error.getString("code"))
          .put("message", error.getString("message")).putNull("param"));
    }
    events.write(out, switch (ended.getString("status")) {
      case "completed" -> "response.completed";
      case "incomplete" -> "response.incomplete";
      default -> "response.failed";
    }, new JsonObject().put("response", ended));
  }
}
