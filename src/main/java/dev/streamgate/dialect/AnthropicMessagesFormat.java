package dev.streamgate.dialect;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Anthropic's Messages API, as its client libraries read it. Streaming: exactly Anthropic's event
 * sequence: {@code message_start}; per content block {@code content_block_start},
 * {@code content_block_delta}s ({@code text_delta}, {@code thinking_delta}, {@code input_json_delta})
 * and {@code content_block_stop}; {@code message_delta} (stop reason, usage); {@code message_stop};
 * {@code ping} while the model is quiet; {@code error} with Anthropic's error object after a failure.
 * A block starts when the kind of delta changes (reasoning, text, a tool call), as a model streams
 * them. Not streaming: the assembled message. One answer: other answers than the first are not shown.
 */
public final class AnthropicMessagesFormat implements JournalFormat {

  private final boolean stream;
  private final String id;
  private String model;
  private final JsonArray content = new JsonArray();
  /** The open block (its start), what its deltas said so far (text, thinking or input JSON), and a call's index. */
  private JsonObject block;
  private final StringBuilder said = new StringBuilder();
  private int toolIndex = -1;

  /** {@code model}: the concrete model to report until the upstream names the one that answered. */
  public AnthropicMessagesFormat(String turnId, boolean stream, String model) {
    this.id = "msg_" + turnId.replace("-", "");
    this.stream = stream;
    this.model = model;
  }

  @Override
  public boolean streams() {
    return stream;
  }

  /** {@code message_start}: the message, empty; the input tokens are known at the end ({@code message_delta}). */
  @Override
  public Buffer opening() {
    return SseWriter.named("message_start", new JsonObject().put("type", "message_start")
        .put("message", message(new JsonArray(), null, new JsonObject().put("input_tokens", 0).put("output_tokens", 0))));
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(160 * entries.size());
    for (JournalEntry entry : entries) {
      switch (entry.kind()) {
        case DELTA -> delta(events, entry.delta());
        case DONE -> end(events, entry.end());
        case ERROR -> events.appendBuffer(SseWriter.named("error",
            ErrorShape.ANTHROPIC.body(OpenAiChatFormat.failure(entry), OpenAiChatFormat.message(entry))));
      }
    }
    return stream ? events : Buffer.buffer();
  }

  private void delta(Buffer events, Delta delta) {
    if (delta.choice() != 0 || delta.kind() == Delta.Kind.FINISH) {
      return; // one answer; its end is the turn's
    }
    switch (delta.kind()) {
      case TEXT, REFUSAL -> { // Anthropic has no refusal in words apart from the text
        open(events, "text", new JsonObject().put("type", "text").put("text", ""));
        said.append(delta.text());
        blockDelta(events, new JsonObject().put("type", "text_delta").put("text", delta.text()));
      }
      case REASONING -> {
        open(events, "thinking", thinkingBlock());
        said.append(delta.text());
        blockDelta(events, new JsonObject().put("type", "thinking_delta").put("thinking", delta.text()));
      }
      case REASONING_SIGNATURE -> {
        // Seals the thinking block before it, as Anthropic's own stream does; the client sends both back.
        open(events, "thinking", thinkingBlock());
        block.put("signature", delta.text());
        blockDelta(events, new JsonObject().put("type", "signature_delta").put("signature", delta.text()));
      }
      case REDACTED_REASONING -> { // a whole block in its start, as Anthropic streams it
        open(events, "redacted_thinking", new JsonObject().put("type", "redacted_thinking").put("data", delta.text()));
        close(events);
      }
      case TOOL_CALL -> {
        toolIndex = delta.tool();
        open(events, "tool_use", new JsonObject().put("type", "tool_use").put("id", delta.id()).put("name", delta.name())
            .put("input", new JsonObject()));
      }
      case TOOL_ARGUMENTS -> {
        if (block == null || !"tool_use".equals(block.getString("type")) || delta.tool() != toolIndex) {
          return; // fragments of a call always follow its start, in order
        }
        said.append(delta.text());
        blockDelta(events, new JsonObject().put("type", "input_json_delta").put("partial_json", delta.text()));
      }
      default -> {
      }
    }
  }

  private static JsonObject thinkingBlock() {
    return new JsonObject().put("type", "thinking").put("thinking", "").put("signature", "");
  }

  /** Starts a block of {@code type} unless one is open (a tool call always starts its own). */
  private void open(Buffer events, String type, JsonObject start) {
    if (block != null && type.equals(block.getString("type")) && !type.equals("tool_use")) {
      return;
    }
    close(events);
    block = start;
    events.appendBuffer(SseWriter.named("content_block_start", new JsonObject().put("type", "content_block_start")
        .put("index", content.size()).put("content_block", start.copy())));
  }

  private void blockDelta(Buffer events, JsonObject delta) {
    events.appendBuffer(SseWriter.named("content_block_delta", new JsonObject().put("type", "content_block_delta")
        .put("index", content.size()).put("delta", delta)));
  }

  private void close(Buffer events) {
    if (block == null) {
      return;
    }
    switch (block.getString("type")) {
      case "tool_use" -> block.put("input", input(said.toString()));
      case "thinking" -> block.put("thinking", said.toString());
      case "redacted_thinking" -> {
      }
      default -> block.put("text", said.toString());
    }
    said.setLength(0);
    events.appendBuffer(SseWriter.named("content_block_stop", new JsonObject().put("type", "content_block_stop")
        .put("index", content.size())));
    content.add(block);
    block = null;
  }

  /** A call's input: its arguments as an object, or as the text the model gave when that is not one (cut short). */
  private static Object input(String arguments) {
    try {
      return arguments.isBlank() ? new JsonObject() : new JsonObject(arguments);
    } catch (DecodeException cutShort) {
      return arguments;
    }
  }

  private void end(Buffer events, JsonObject done) {
    close(events);
    model = done.getString("model", model);
    events.appendBuffer(SseWriter.named("message_delta", new JsonObject().put("type", "message_delta")
        .put("delta", new JsonObject().put("stop_reason", stopReason(done)).put("stop_sequence", null))
        .put("usage", usage(done))));
    events.appendBuffer(SseWriter.named("message_stop", new JsonObject().put("type", "message_stop")));
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.named("ping", new JsonObject().put("type", "ping")) : null;
  }

  @Override
  public Answer answer(JournalEntry last) {
    if (last.kind() == JournalEntry.Kind.ERROR) {
      Failure failure = OpenAiChatFormat.failure(last);
      return new Answer(ErrorShape.ANTHROPIC.status(failure),
          ErrorShape.ANTHROPIC.body(failure, OpenAiChatFormat.message(last)));
    }
    return new Answer(200, message(content, stopReason(last.end()), usage(last.end())));
  }

  private JsonObject message(JsonArray blocks, String stopReason, JsonObject usage) {
    return new JsonObject().put("id", id).put("type", "message").put("role", "assistant").put("model", model)
        .put("content", blocks).put("stop_reason", stopReason).put("stop_sequence", null).put("usage", usage);
  }

  /** Anthropic's words for why the answer ended. */
  private static String stopReason(JsonObject done) {
    return switch (Objects.requireNonNullElse(done.getString("finish_reason"), "stop")) {
      case "length" -> "max_tokens";
      case "tool_calls" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }

  /** Anthropic counts the prompt's cached tokens apart from its other input tokens. */
  private static JsonObject usage(JsonObject done) {
    JsonObject usage = Json.object(done, "usage");
    long cached = Json.object(usage, "prompt_tokens_details").getLong("cached_tokens", 0L);
    return new JsonObject().put("input_tokens", usage.getLong("prompt_tokens", 0L) - cached)
        .put("cache_read_input_tokens", cached).put("output_tokens", usage.getLong("completion_tokens", 0L));
  }
}
