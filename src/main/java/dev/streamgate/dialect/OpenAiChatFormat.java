package dev.streamgate.dialect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.streamgate.Failure;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * OpenAI's chat completions, as its client libraries read them. Streaming: {@code data:} lines of
 * {@code chat.completion.chunk} objects (a first one with the role, one per delta, a last one with
 * the finish reason, then the usage one when asked for) and {@code data: [DONE]}. Not streaming: one
 * {@code chat.completion} object when the answer is whole. Errors: {@code {"error":{message, type,
 * param, code}}} ({@link ErrorShape#OPENAI}), as an HTTP status when nothing was sent yet, else as a
 * last {@code data:} line.
 */
public final class OpenAiChatFormat implements JournalFormat {

  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final boolean stream;
  private final boolean includeUsage;
  private final String id;
  private final long created = System.currentTimeMillis() / 1000;
  private String model;
  private final byte[] deltaPrefix;
  private final byte[] deltaSuffix;

  /** {@code model} is the concrete model to report until the upstream names the one that answered. */
  public OpenAiChatFormat(String turnId, boolean stream, boolean includeUsage, String model) {
    this.id = "chatcmpl-" + turnId;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.model = model;
    // Every delta event is the same JSON around the escaped text: built once per turn.
    String chunk = chunk(new JsonObject().put("content", "\u0000"), null).encode();
    int hole = chunk.indexOf("\\u0000");
    deltaPrefix = ("data: " + chunk.substring(0, hole)).getBytes(StandardCharsets.UTF_8);
    deltaSuffix = (chunk.substring(hole + 6) + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean streams() {
    return stream;
  }

  @Override
  public Buffer opening() {
    return SseWriter.data(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(160 * entries.size());
    for (JournalEntry entry : entries) {
      switch (entry.kind()) {
        case DELTA -> events.appendBytes(deltaPrefix)
            .appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(entry.text())).appendBytes(deltaSuffix);
        case DONE -> appendEnd(events, entry.end());
        case ERROR -> events.appendBuffer(SseWriter.data(ErrorShape.OPENAI.body(failure(entry), message(entry))));
      }
    }
    return events;
  }

  private void appendEnd(Buffer events, JsonObject done) {
    model = done.getString("model", model);
    events.appendBuffer(SseWriter.data(chunk(new JsonObject(), done.getString("finish_reason", "stop"))));
    if (includeUsage) {
      events.appendBuffer(SseWriter.data(header().put("choices", new JsonArray()).put("usage", done.getJsonObject("usage"))));
    }
    events.appendBytes(DONE);
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  @Override
  public Answer answer(JournalEntry last) {
    if (last.kind() == JournalEntry.Kind.ERROR) {
      return new Answer(failure(last).status(), ErrorShape.OPENAI.body(failure(last), message(last)));
    }
    JsonObject done = last.end();
    model = done.getString("model", model);
    JsonObject usage = done.getJsonObject("usage");
    JsonObject message = new JsonObject().put("role", "assistant").put("content", done.getString("text")).put("refusal", null);
    return new Answer(200, new JsonObject().put("id", id).put("object", "chat.completion").put("created", created)
        .put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
            .put("logprobs", null).put("finish_reason", done.getString("finish_reason", "stop"))))
        .put("usage", usage == null ? new JsonObject().put("prompt_tokens", 0).put("completion_tokens", 0)
            .put("total_tokens", 0) : usage));
  }

  static Failure failure(JournalEntry error) {
    Failure failure = Failure.of(error.end().getJsonObject("error").getString("code"));
    return failure == null ? Failure.INTERNAL_ERROR : failure;
  }

  static String message(JournalEntry error) {
    return error.end().getJsonObject("error").getString("message");
  }

  private JsonObject header() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
  }

  private JsonObject chunk(JsonObject delta, String finishReason) {
    return header().put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
        .put("logprobs", null).put("finish_reason", finishReason)));
  }
}
