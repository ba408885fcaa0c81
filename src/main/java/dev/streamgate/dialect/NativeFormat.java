package dev.streamgate.dialect;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The native protocol of {@code POST /chat/stream} (the seed's SSE chat server): events carrying JSON
 * objects {@code session_info}, {@code status}, {@code chunk} (one per delta of answer text, then an
 * empty {@code is_final} marker), {@code complete} or {@code error}, each with an {@code id:} counting
 * up within the turn: 1 {@code session_info}, 2 {@code status}, then a journal entry's seq + 2 (delta
 * {@code k} has id {@code k + 2} and {@code chunk_number} {@code k}), the final marker and
 * {@code complete} after the last delta. Deltas other than text have events of their own, numbered
 * alike: {@code reasoning} {@code {text}}, {@code tool_call} {@code {index, id, name}} (a call starts)
 * and {@code tool_call_delta} {@code {index, arguments}} (a fragment of its JSON arguments); the
 * complete calls come again in {@code complete.tool_calls}. The same
 * writer serves the client that asked and one that resumes after event {@code N}
 * ({@code GET /streams/{turn_id}}), which continues as if it had never left.
 */
public final class NativeFormat implements JournalFormat {

  /** Ids before the first chunk's: session_info and status. */
  public static final int OPENING_EVENTS = 2;

  private final JsonObject opening;
  private final long afterId;

  /** {@code opening}: the turn journal's ({@link #opening(String, String, String, boolean, int)}); events up to {@code afterId} are not sent. */
  public NativeFormat(JsonObject opening, long afterId) {
    this.opening = opening;
    this.afterId = afterId;
  }

  /** What the first two events say, kept as a turn journal's opening so a resumed stream can say it too. */
  public static JsonObject opening(String turnId, String sessionId, String model, boolean created, int contextMessages) {
    return new JsonObject().put("session_id", sessionId).put("model", model).put("turn_id", turnId)
        .put("created", created).put("context_messages", contextMessages);
  }

  /**
   * The journal seq after which a stream resuming after event {@code afterId} must start: one entry
   * early, because the last entry makes two events (final marker, then {@code complete}) and a client
   * may have the first only; the events up to {@code afterId} that entry makes again are not sent.
   */
  public static int afterSeq(long afterId) {
    return (int) Math.max(0, afterId - OPENING_EVENTS - 1);
  }

  /** session_info and status, with the headers: the client sees the stream start at once. */
  @Override
  public Buffer opening() {
    Buffer frames = Buffer.buffer(256);
    appendIfAfter(frames, 1, new JsonObject().put("type", "session_info").put("session_id", opening.getString("session_id"))
        .put("model", opening.getString("model")).put("turn_id", opening.getString("turn_id"))
        .put("created", opening.getBoolean("created")));
    appendIfAfter(frames, 2, new JsonObject().put("type", "status").put("message", "Generating response...")
        .put("context_messages", opening.getInteger("context_messages")));
    return frames.length() == 0 ? null : frames;
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer frames = Buffer.buffer(128 * entries.size());
    for (JournalEntry entry : entries) {
      long id = entry.seq() + OPENING_EVENTS;
      switch (entry.kind()) {
        case DELTA -> {
          if (id <= afterId || entry.delta().choice() != 0 || entry.delta().anthropicOnly()) {
            continue; // sent before, another answer than the one this API streams, or for Anthropic alone
          }
          if (entry.answerText()) {
            ChunkFrame.append(frames, id, entry.text(), entry.seq());
          } else {
            frames.appendBuffer(SseWriter.event(id, null, event(entry.delta(), entry.seq()).encode()));
          }
        }
        case DONE -> appendEnd(frames, id, entry.seq(), entry.end());
        case ERROR -> appendIfAfter(frames, id, error(turnId, entry.end().getString("session_id"),
            entry.end().getJsonObject("error").getString("code"), entry.end().getJsonObject("error").getString("message")));
      }
    }
    return frames;
  }

  private void appendIfAfter(Buffer frames, long id, JsonObject event) {
    if (id > afterId) {
      frames.appendBuffer(SseWriter.event(id, null, event.encode()));
    }
  }

  /** The event of a delta other than answer text: reasoning, the start of a tool call or a fragment of its arguments. */
  private static JsonObject event(Delta delta, int number) {
    JsonObject event = switch (delta.kind()) {
      case TEXT, REFUSAL -> new JsonObject().put("type", "chunk").put("text", delta.text()).put("is_final", false);
      case REASONING -> new JsonObject().put("type", "reasoning").put("text", delta.text());
      case TOOL_CALL -> new JsonObject().put("type", "tool_call").put("index", delta.tool()).put("id", delta.id())
          .put("name", delta.name());
      case TOOL_ARGUMENTS -> new JsonObject().put("type", "tool_call_delta").put("index", delta.tool())
          .put("arguments", delta.text());
      case FINISH -> new JsonObject().put("type", "finish").put("choice", delta.choice())
          .put("finish_reason", delta.text());
      case REASONING_SIGNATURE, REDACTED_REASONING -> throw new IllegalArgumentException("for Anthropic alone");
    };
    return event.put("chunk_number", number);
  }

  /**
   * The final chunk marker (its number the end's seq: it follows the last delta), then {@code complete}
   * (or {@code not_stored} when the store refused the reply).
   */
  private void appendEnd(Buffer frames, long id, int seq, JsonObject done) {
    int chunks = done.getInteger("chunks");
    appendIfAfter(frames, id, new JsonObject().put("type", "chunk").put("text", "").put("chunk_number", seq)
        .put("is_final", true));
    String turnId = done.getString("turn_id");
    String sessionId = done.getString("session_id");
    JsonObject end = done.getString("store_error") != null
        ? error(turnId, sessionId, "not_stored", "The answer was sent but not stored: " + done.getString("store_error"))
        : new JsonObject().put("type", "complete").put("total_chunks", chunks)
            .put("processing_time", done.getDouble("processing_time")).put("message_count", done.getInteger("message_count"))
            .put("session_id", sessionId).put("turn_id", turnId).put("finish_reason", done.getString("finish_reason"))
            .put("usage", done.getJsonObject("usage")).put("tool_calls", done.getJsonArray("tool_calls"))
            .put("provider", done.getString("provider"))
            .put("model", done.getString("model"));
    appendIfAfter(frames, id + 1, end);
  }

  private static JsonObject error(String turnId, String sessionId, String code, String message) {
    return new JsonObject().put("type", "error").put("message", message).put("code", code)
        .put("session_id", sessionId).put("turn_id", turnId);
  }
}
