package dev.streamgate.dialect;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OpenAI's chat completions, as its client libraries read them. Streaming: {@code data:} lines of
 * {@code chat.completion.chunk} objects (a first one with the role, one per delta, a last one with
 * the finish reason, then the usage one when asked for) and {@code data: [DONE]}. Not streaming: one
 * {@code chat.completion} object when the answer is whole. Errors: {@code {"error":{message, type,
 * param, code}}}, as an HTTP status when nothing was sent yet, else as a last {@code data:} line.
 */
public final class OpenAiChatDialect implements TurnDialect {

  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final boolean stream;
  private final boolean includeUsage;
  private String id;
  private long created;
  private String model;
  private byte[] deltaPrefix;
  private byte[] deltaSuffix;

  /** {@code model} is the concrete model to report until the upstream names the one that answered. */
  public OpenAiChatDialect(boolean stream, boolean includeUsage, String model) {
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.model = model;
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public void open(HttpServerResponse response, HttpVersion version, TurnStart start) {
    id = "chatcmpl-" + start.turnId();
    created = System.currentTimeMillis() / 1000;
    // Every delta event is the same JSON around the escaped text: built once per turn.
    String chunk = chunk(new JsonObject().put("content", "\u0000"), null).encode();
    int hole = chunk.indexOf("\\u0000");
    deltaPrefix = ("data: " + chunk.substring(0, hole)).getBytes(StandardCharsets.UTF_8);
    deltaSuffix = (chunk.substring(hole + 6) + "\n\n").getBytes(StandardCharsets.UTF_8);
    if (stream) {
      SseWriter.open(response, version, SseWriter.data(chunk(new JsonObject().put("role", "assistant").put("content", ""), null)));
    }
  }

  @Override
  public Buffer deltas(List<String> deltas) {
    if (!stream) {
      return null; // the whole answer goes out at the end (TurnResult.reply)
    }
    Buffer events = Buffer.buffer(160 * deltas.size());
    for (String text : deltas) {
      events.appendBytes(deltaPrefix).appendBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text)).appendBytes(deltaSuffix);
    }
    return events;
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  @Override
  public void complete(HttpServerResponse response, TurnResult result) {
    String finish = result.meta().getString("finish_reason", "stop");
    model = result.meta().getString("model", model);
    JsonObject usage = result.meta().getJsonObject("usage");
    if (!stream) {
      JsonObject message = new JsonObject().put("role", "assistant").put("content", result.reply()).put("refusal", null);
      response.putHeader("Content-Type", "application/json").end(new JsonObject().put("id", id)
          .put("object", "chat.completion").put("created", created).put("model", model)
          .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
              .put("logprobs", null).put("finish_reason", finish)))
          .put("usage", usage == null ? new JsonObject().put("prompt_tokens", 0).put("completion_tokens", 0)
              .put("total_tokens", 0) : usage).toBuffer());
      return;
    }
    Buffer tail = SseWriter.data(chunk(new JsonObject(), finish));
    if (includeUsage) {
      tail.appendBuffer(SseWriter.data(header().put("choices", new JsonArray()).put("usage", usage)));
    }
    response.end(tail.appendBytes(DONE));
  }

  @Override
  public void fail(HttpServerResponse response, TurnFailure failure) {
    JsonObject error = ErrorShape.OPENAI.body(failure.failure(), failure.message());
    if (response.headWritten()) {
      response.end(SseWriter.data(error));
    } else {
      response.setStatusCode(failure.failure().status()).putHeader("Content-Type", "application/json")
          .end(error.toBuffer());
    }
  }

  private JsonObject header() {
    return new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
  }

  private JsonObject chunk(JsonObject delta, String finishReason) {
    return header().put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
        .put("logprobs", null).put("finish_reason", finishReason)));
  }
}
