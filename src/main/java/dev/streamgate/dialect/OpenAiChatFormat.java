package dev.streamgate.dialect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * OpenAI's chat completions, as its client libraries read them. Streaming: {@code data:} lines of
 * {@code chat.completion.chunk} objects (a first one per answer with the role, one per delta, one per
 * answer with its finish reason, then the usage one when asked for) and {@code data: [DONE]}. A delta is
 * text ({@code content}), a refusal ({@code refusal}), reasoning ({@code reasoning_content}, as DeepSeek
 * and vLLM write it), Anthropic's signed or redacted thinking, a whole block at a time
 * ({@code reasoning_details}, as OpenRouter writes it: {@link ReasoningDetails}), or a tool call
 * ({@code tool_calls}: its start with id and name, then fragments of its arguments), of the answer its
 * {@code index} names ({@code n} answers); {@link OpenAiChoice} keeps what each answer needs. Not
 * streaming: one {@code chat.completion} object when the answers are whole. Errors:
 * {@code {"error":{message, type, param, code}}} ({@link ErrorShape#OPENAI}), as an HTTP status when
 * nothing was sent yet, else as a last {@code data:} line.
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
  private final List<OpenAiChoice> choices = new ArrayList<>();

  /**
   * {@code model} is the concrete model to report until the upstream names the one that answered;
   * {@code n} how many answers were asked for.
   */
  public OpenAiChatFormat(String turnId, boolean stream, boolean includeUsage, String model, int n) {
    this.id = "chatcmpl-" + turnId;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.model = model;
    choice(n - 1);
    // Every text delta of the first answer is the same JSON around the escaped text: built once per turn.
    String chunk = chunk(0, new JsonObject().put("content", "\u0000"), null).encode();
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
    Buffer events = Buffer.buffer();
    for (int i = 0; i < choices.size(); i++) {
      events.appendBuffer(SseWriter.data(chunk(i, new JsonObject().put("role", "assistant").put("content", ""), null)));
    }
    return events;
  }

  /** Streaming: the events of {@code entries}. Not streaming: nothing, the answers are assembled for {@link #answer}. */
  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(160 * entries.size());
    for (JournalEntry entry : entries) {
      switch (entry.kind()) {
        case DELTA -> appendDelta(events, entry.delta());
        case DONE -> appendEnd(events, entry.end());
        case ERROR -> events.appendBuffer(SseWriter.data(ErrorShape.OPENAI.body(failure(entry), message(entry))));
      }
    }
    return stream ? events : Buffer.buffer();
  }

  private void appendDelta(Buffer events, Delta delta) {
    OpenAiChoice choice = choice(delta.choice());
    if (!stream) {
      choice.add(delta);
    } else if (delta.anthropicOnly()) {
      events.appendBuffer(SseWriter.data(chunk(delta.choice(), choice.detail(delta), null)));
    } else if (delta.isAnswerText() && delta.kind() == Delta.Kind.TEXT) {
      events.appendBytes(deltaPrefix).appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(delta.text()))
          .appendBytes(deltaSuffix);
    } else if (delta.kind() == Delta.Kind.FINISH) {
      choice.finish(delta.text());
      events.appendBuffer(SseWriter.data(chunk(delta.choice(), new JsonObject(), delta.text())));
    } else {
      choice.streamed(delta);
      events.appendBuffer(SseWriter.data(chunk(delta.choice(), deltaJson(delta), null)));
    }
  }

  /** A delta as OpenAI's {@code delta} object writes it. */
  private static JsonObject deltaJson(Delta delta) {
    return switch (delta.kind()) {
      case TEXT -> new JsonObject().put("content", delta.text());
      case REFUSAL -> new JsonObject().put("refusal", delta.text());
      case REASONING -> new JsonObject().put("reasoning_content", delta.text());
      case TOOL_CALL -> toolCalls(new JsonObject().put("index", delta.tool()).put("id", delta.id())
          .put("type", "function").put("function", new JsonObject().put("name", delta.name()).put("arguments", "")));
      case TOOL_ARGUMENTS -> toolCalls(new JsonObject().put("index", delta.tool())
          .put("function", new JsonObject().put("arguments", delta.text())));
      case REASONING_SIGNATURE, REDACTED_REASONING, FINISH -> new JsonObject();
    };
  }

  private static JsonObject toolCalls(JsonObject call) {
    return new JsonObject().put("tool_calls", new JsonArray().add(call));
  }

  /** The finish of every answer that has not had its own (the first's is the turn's), the usage, {@code [DONE]}. */
  private void appendEnd(Buffer events, JsonObject done) {
    model = done.getString("model", model);
    for (int i = 0; i < choices.size(); i++) {
      if (choices.get(i).finishReason() == null) {
        choices.get(i).finish(Objects.requireNonNullElse(done.getString("finish_reason"), "stop"));
        events.appendBuffer(SseWriter.data(chunk(i, new JsonObject(), choices.get(i).finishReason())));
      }
    }
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
    JsonArray answers = new JsonArray();
    for (int i = 0; i < choices.size(); i++) {
      OpenAiChoice choice = choices.get(i);
      answers.add(new JsonObject().put("index", i).put("message", choice.message()).put("logprobs", null)
          .put("finish_reason", choice.finishReason() != null ? choice.finishReason()
              : Objects.requireNonNullElse(done.getString("finish_reason"), "stop")));
    }
    JsonObject usage = done.getJsonObject("usage");
    return new Answer(200, new JsonObject().put("id", id).put("object", "chat.completion").put("created", created)
        .put("model", model).put("choices", answers)
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

  /** Answer {@code index}, made when first named: a provider may answer more than it was asked. */
  private OpenAiChoice choice(int index) {
    while (choices.size() <= index) {
      choices.add(new OpenAiChoice());
    }
    return choices.get(index);
  }

  private JsonObject header() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
  }

  private JsonObject chunk(int index, JsonObject delta, String finishReason) {
    return header().put("choices", new JsonArray().add(new JsonObject().put("index", index).put("delta", delta)
        .put("logprobs", null).put("finish_reason", finishReason)));
  }
}
