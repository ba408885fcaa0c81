package dev.streamgate.dialect;

import dev.streamgate.channel.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * A native {@code /chat/stream} turn read back from its journal ({@code GET /streams/{turn_id}}): the
 * very events, ids and JSON that {@link NativeDialect} sent, so a client that resumes after event
 * {@code N} continues as if it had never left. Ids: 1 {@code session_info}, 2 {@code status}, then a
 * journal entry's seq + 2 (so chunk {@code k} has id {@code k + 2}), the final marker and
 * {@code complete} after the last chunk.
 */
public final class NativeJournalFormat implements JournalFormat {

  /** Ids before the first chunk's: session_info and status. */
  public static final int OPENING_EVENTS = 2;

  private final JsonObject opening;
  private final long afterId;
  private boolean opened;

  /** {@code opening} as {@link NativeDialect#opening} made it; events up to {@code afterId} are not sent. */
  public NativeJournalFormat(JsonObject opening, long afterId) {
    this.opening = opening;
    this.afterId = afterId;
  }

  /**
   * The journal seq after which a stream resuming after event {@code afterId} must start: one entry
   * early, because the last entry makes two events (final marker, then {@code complete}) and a client
   * may have the first only; the events up to {@code afterId} that entry makes again are not sent.
   */
  public static int afterSeq(long afterId) {
    return (int) Math.max(0, afterId - OPENING_EVENTS - 1);
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer frames = Buffer.buffer(128 * entries.size());
    if (!opened) {
      opened = true;
      appendIfAfter(frames, 1, NativeDialect.sessionInfo(opening));
      appendIfAfter(frames, 2, NativeDialect.status(opening));
    }
    for (JournalEntry entry : entries) {
      long id = entry.seq() + OPENING_EVENTS;
      switch (entry.kind()) {
        case DELTA -> {
          if (id > afterId) {
            ChunkFrame.append(frames, id, entry.text(), entry.seq());
          }
        }
        case DONE -> appendEnd(frames, id, entry.end());
        case ERROR -> appendIfAfter(frames, id, NativeDialect.error(turnId, entry.end().getString("session_id"),
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

  private void appendEnd(Buffer frames, long id, JsonObject done) {
    int chunks = done.getInteger("chunks");
    appendIfAfter(frames, id, NativeDialect.finalMarker(chunks));
    String turnId = done.getString("turn_id");
    String sessionId = done.getString("session_id");
    JsonObject end = done.getString("store_error") != null
        ? NativeDialect.notStored(turnId, sessionId, done.getString("store_error"))
        : NativeDialect.completed(chunks, done.getDouble("processing_time"), done.getInteger("message_count"),
            sessionId, turnId, done);
    appendIfAfter(frames, id + 1, end);
  }
}
