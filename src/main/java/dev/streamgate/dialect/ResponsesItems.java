package dev.streamgate.dialect;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Delta;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A response's output items as the turn's deltas build them, with the stream events of each: an item
 * opens when the kind of delta changes, as a model streams them (text: a message; a refusal: a message
 * of a refusal part; reasoning: a reasoning item's summary; a tool call: a function_call), and closes
 * with what its deltas said. One answer: deltas of other answers than the first are passed over.
 * Sealing (the request's {@code include} asked for {@code reasoning.encrypted_content}), a reasoning item
 * also carries all its reasoning, signatures and redacted reasoning too, sealed in its
 * {@code encrypted_content} ({@link ThinkingBlocks#sealed}).
 */
final class ResponsesItems {

  private final String id;
  private final ResponsesEvents events;
  private final boolean sealing;
  private final JsonArray output = new JsonArray();
  private JsonObject item;
  /** What the open item holds: {@code message}, {@code refusal} (a message too), {@code reasoning} or a call. */
  private String holds;
  private final StringBuilder said = new StringBuilder();
  private boolean summary;
  private final List<Delta> reasoning = new ArrayList<>();
  private int toolIndex = -1;

  /** {@code id}: the response's, which its items' ids repeat. */
  ResponsesItems(String id, ResponsesEvents events, boolean sealing) {
    this.id = id;
    this.events = events;
    this.sealing = sealing;
  }

  /** The items closed so far: the response's {@code output}. */
  JsonArray output() {
    return output;
  }

  void delta(Buffer out, Delta delta) {
    if (delta.choice() != 0 || delta.kind() == Delta.Kind.FINISH) {
      return; // one answer; its end is the turn's
    }
    switch (delta.kind()) {
      case TEXT -> {
        if (open(out, "message")) {
          events.write(out, "response.content_part.added", part("output_text", "").put("content_index", 0));
        }
        said.append(delta.text());
        events.write(out, "response.output_text.delta", itemEvent().put("content_index", 0).put("delta", delta.text())
            .put("logprobs", new JsonArray()));
      }
      case REFUSAL -> {
        if (open(out, "refusal")) {
          events.write(out, "response.content_part.added", part("refusal", "").put("content_index", 0));
        }
        said.append(delta.text());
        events.write(out, "response.refusal.delta", itemEvent().put("content_index", 0).put("delta", delta.text()));
      }
      case REASONING -> {
        open(out, "reasoning");
        if (!summary) {
          events.write(out, "response.reasoning_summary_part.added", part("summary_text", "")
              .put("summary_index", 0));
          summary = true;
        }
        seal(delta);
        said.append(delta.text());
        events.write(out, "response.reasoning_summary_text.delta", itemEvent().put("summary_index", 0)
            .put("delta", delta.text()));
      }
      case REASONING_SIGNATURE, REDACTED_REASONING -> {
        if (sealing) {
          open(out, "reasoning");
          seal(delta);
        }
      }
      case TOOL_CALL -> {
        close(out);
        toolIndex = delta.tool();
        holds = "function_call";
        item = new JsonObject().put("id", itemId("fc")).put("type", "function_call").put("status", "in_progress")
            .put("arguments", "").put("call_id", delta.id()).put("name", delta.name());
        events.write(out, "response.output_item.added", new JsonObject().put("output_index", output.size())
            .put("item", item.copy()));
      }
      case TOOL_ARGUMENTS -> {
        if (item != null && "function_call".equals(item.getString("type")) && delta.tool() == toolIndex) {
          said.append(delta.text());
          events.write(out, "response.function_call_arguments.delta", itemEvent().put("delta", delta.text()));
        }
      }
      default -> {
      }
    }
  }

  /** Ends the open item with what its deltas said, and adds it to the output. */
  void close(Buffer out) {
    if (item == null) {
      return;
    }
    String text = said.toString();
    switch (holds) {
      case "message" -> {
        JsonObject part = new JsonObject().put("type", "output_text").put("annotations", new JsonArray()).put("text", text);
        events.write(out, "response.output_text.done", itemEvent().put("content_index", 0).put("text", text)
            .put("logprobs", new JsonArray()));
        events.write(out, "response.content_part.done", itemEvent().put("content_index", 0).put("part", part));
        item.put("status", "completed").put("content", new JsonArray().add(part));
      }
      case "refusal" -> {
        JsonObject part = new JsonObject().put("type", "refusal").put("refusal", text);
        events.write(out, "response.refusal.done", itemEvent().put("content_index", 0).put("refusal", text));
        events.write(out, "response.content_part.done", itemEvent().put("content_index", 0).put("part", part));
        item.put("status", "completed").put("content", new JsonArray().add(part));
      }
      case "reasoning" -> closeReasoning(out, text);
      default -> {
        events.write(out, "response.function_call_arguments.done", itemEvent().put("arguments", text));
        item.put("status", "completed").put("arguments", text);
      }
    }
    events.write(out, "response.output_item.done", new JsonObject().put("output_index", output.size())
        .put("item", item.copy()));
    output.add(item);
    item = null;
    said.setLength(0);
  }

  /** A reasoning item's summary ends (when its reasoning had text), and its reasoning is sealed when asked. */
  private void closeReasoning(Buffer out, String text) {
    if (summary) {
      JsonObject part = new JsonObject().put("type", "summary_text").put("text", text);
      events.write(out, "response.reasoning_summary_text.done", itemEvent().put("summary_index", 0)
          .put("text", text));
      events.write(out, "response.reasoning_summary_part.done", itemEvent().put("summary_index", 0)
          .put("part", part));
      item.put("summary", new JsonArray().add(part));
      summary = false;
    }
    if (sealing) {
      item.put("encrypted_content", ThinkingBlocks.sealed(ChatMessage.Thinking.of(reasoning, 0)));
      reasoning.clear();
    }
  }

  private void seal(Delta delta) {
    if (sealing) {
      reasoning.add(delta);
    }
  }

  /** Opens an item that holds {@code kind} unless one is open; true when it did. */
  private boolean open(Buffer out, String kind) {
    if (item != null && kind.equals(holds)) {
      return false;
    }
    close(out);
    holds = kind;
    item = !"reasoning".equals(kind)
        ? new JsonObject().put("id", itemId("msg")).put("type", "message").put("status", "in_progress")
            .put("content", new JsonArray()).put("role", "assistant")
        : new JsonObject().put("id", itemId("rs")).put("type", "reasoning").put("summary", new JsonArray());
    events.write(out, "response.output_item.added", new JsonObject().put("output_index", output.size())
        .put("item", item.copy()));
    return true;
  }

  private JsonObject part(String type, String text) {
    JsonObject part = switch (type) {
      case "output_text" -> new JsonObject().put("type", type).put("text", text).put("annotations", new JsonArray());
      case "refusal" -> new JsonObject().put("type", type).put("refusal", text);
      default -> new JsonObject().put("type", type).put("text", text);
    };
    return itemEvent().put("part", part);
  }

  /** The fields every event about the open item has. */
  private JsonObject itemEvent() {
    return new JsonObject().put("item_id", item.getString("id")).put("output_index", output.size());
  }

  private String itemId(String prefix) {
    return prefix + "_" + id.substring("resp_".length()) + "_" + output.size();
  }
}
