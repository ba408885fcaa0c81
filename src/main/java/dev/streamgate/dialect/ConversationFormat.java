package dev.streamgate.dialect;

import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The conversation API of the seed chatbot ({@code /api/v1/chat/}): streaming, {@code data:} lines of
 * {@code {"type":"content","content":…}} per delta, then {@code {"type":"metadata","message_id",
 * "conversation_id","usage","finish_reason"}} (a model that called a tool, which this API cannot
 * carry, ends with {@code tool_calls}), or {@code {"type":"error","error":…,"code":…}}; not
 * streaming, one JSON object with the whole answer, or the API's error body
 * ({@link ErrorShape#GATEWAY}) with the failure's status. The conversation id is the session id.
 */
public final class ConversationFormat implements JournalFormat {

  private final boolean stream;

  public ConversationFormat(boolean stream) {
    this.stream = stream;
  }

  @Override
  public boolean streams() {
    return stream;
  }

  /**
   * A reply the session store could not keep is not passed off as complete: an error event
   * ({@code not_stored}) takes the place of the metadata.
   */
  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(64 * entries.size());
    for (JournalEntry entry : entries) {
      JsonObject done = entry.end();
      JsonObject event = switch (entry.kind()) {
        case DELTA -> delta(entry.delta());
        case DONE -> done.getString("store_error") != null
            ? error("The answer was sent but not stored: " + done.getString("store_error"), "not_stored")
            : new JsonObject().put("type", "metadata").put("message_id", done.getString("turn_id"))
                .put("conversation_id", done.getString("session_id")).put("usage", usage(done))
                .put("finish_reason", done.getString("finish_reason"));
        case ERROR -> error(OpenAiChatFormat.message(entry), done.getJsonObject("error").getString("code"));
      };
      if (event != null) {
        events.appendBuffer(SseWriter.data(event));
      }
    }
    return stream ? events : Buffer.buffer();
  }

  /**
   * Answer text as {@code content}, reasoning as {@code reasoning} events (which the API's clients,
   * switching on {@code type}, pass over). This API carries one answer of text: a tool call is not
   * shown (the metadata's finish reason says {@code tool_calls}), nor another answer than the first.
   */
  private static JsonObject delta(Delta delta) {
    if (delta.choice() != 0) {
      return null;
    }
    return switch (delta.kind()) {
      case TEXT, REFUSAL -> new JsonObject().put("type", "content").put("content", delta.text());
      case REASONING -> new JsonObject().put("type", "reasoning").put("content", delta.text());
      case REASONING_SIGNATURE, REDACTED_REASONING, TOOL_CALL, TOOL_ARGUMENTS, FINISH -> null;
    };
  }

  @Override
  public Buffer ping() {
    return stream ? SseWriter.ping() : null;
  }

  /** Not streaming: the whole message, {@code "stored": false} and why when the store refused it. */
  @Override
  public Answer answer(JournalEntry last) {
    if (last.kind() == JournalEntry.Kind.ERROR) {
      return new Answer(OpenAiChatFormat.failure(last).status(),
          ErrorShape.GATEWAY.body(OpenAiChatFormat.failure(last), OpenAiChatFormat.message(last)));
    }
    JsonObject done = last.end();
    JsonObject message = new JsonObject().put("type", "message").put("conversation_id", done.getString("session_id"))
        .put("message_id", done.getString("turn_id")).put("content", done.getString("text")).put("usage", usage(done))
        .put("finish_reason", done.getString("finish_reason"));
    if (done.getString("store_error") != null) {
      message.put("stored", false).put("store_error", done.getString("store_error"));
    }
    return new Answer(200, message);
  }

  private static JsonObject usage(JsonObject done) {
    return Json.object(done, "usage");
  }

  private static JsonObject error(String message, String code) {
    return new JsonObject().put("type", "error").put("error", message).put("code", code);
  }
}
