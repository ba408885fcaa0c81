package dev.streamgate.http;

import dev.streamgate.channel.Channels;
import dev.streamgate.channel.JournalEntry;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.dialect.NativeDialect;
import dev.streamgate.dialect.TurnFailure;
import dev.streamgate.dialect.TurnResult;
import dev.streamgate.dialect.TurnStart;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A turn written into a journal rather than to the request that started it: the event-channel
 * dialects answer that request at once and the turn's events reach whichever streams read the journal.
 * A turn of a channel runs to its end whoever listens (a stream may open late); a turn with no channel
 * is cancelled when nobody has read it for {@code graceNanos}.
 */
final class JournalOutput implements TurnOutput {

  private final Channels channels;
  private final String channel;
  private final String owner;
  private final long graceNanos;
  private final String clientIp;
  private final String dialect;
  private TurnJournal journal;

  JournalOutput(Channels channels, String channel, String owner, long graceNanos, String clientIp, String dialect) {
    this.channels = channels;
    this.channel = channel;
    this.owner = owner;
    this.graceNanos = graceNanos;
    this.clientIp = clientIp;
    this.dialect = dialect;
  }

  @Override
  public String dialect() {
    return dialect;
  }

  @Override
  public void open(TurnStart start, Runnable gone, Runnable stop) {
    journal = channels.open(start.turnId(), channel, owner, NativeDialect.opening(start));
    Context loop = Vertx.currentContext();
    journal.onCancel(() -> loop.runOnContext(v -> stop.run())); // a stop asked for on any event loop
  }

  /** The request that started the turn, which read it without following the journal, has left. */
  void readerLeft() {
    journal.readerLeft(System.nanoTime());
  }

  @Override
  public void deltas(List<String> deltas) {
    journal.deltas(deltas);
  }

  @Override
  public boolean full(Runnable drained) {
    return false; // a journal is memory: each reading stream has its own write queue
  }

  @Override
  public void idle() {
    // each reading stream keeps itself alive
  }

  @Override
  public boolean abandoned(long now) {
    return channel == null && journal.unreadFor(now) > graceNanos;
  }

  @Override
  public void complete(TurnResult result) {
    JsonObject meta = result.meta();
    journal.end(JournalEntry.Kind.DONE, new JsonObject().put("turn_id", result.turnId())
        .put("session_id", result.sessionId()).put("text", result.reply()).put("chunks", result.chunks())
        .put("processing_time", result.seconds()).put("message_count", result.messageCount())
        .put("stored", result.storeError() == null).put("store_error", result.storeError())
        .put("finish_reason", meta.getString("finish_reason"))
        .put("usage", meta.getJsonObject("usage")).put("provider", meta.getString("provider"))
        .put("model", meta.getString("model")));
  }

  @Override
  public void fail(TurnFailure failure) {
    journal.end(JournalEntry.Kind.ERROR, new JsonObject().put("turn_id", failure.turnId())
        .put("session_id", failure.sessionId())
        .put("error", new JsonObject().put("code", failure.code()).put("message", failure.message())));
  }

  @Override
  public String clientIp() {
    return clientIp;
  }
}
