package dev.streamgate.http;

import dev.streamgate.channel.JournalEntry;
import dev.streamgate.channel.JournalReader;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.SseWriter;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * An open event stream reading journals: a channel's ({@code GET /events}, {@code GET /api/streaming})
 * or one turn's ({@code GET /events?message=}, which ends with its turn). Entries are handed over from
 * any thread and written on this stream's event loop, in the order offered.
 */
final class JournalStream implements JournalReader {

  private final Context context;
  private final HttpServerResponse response;
  private final JournalFormat format;
  private final boolean endsWithTurn;
  private long lastWriteAt = System.nanoTime();

  JournalStream(Context context, HttpServerRequest request, JournalFormat format, boolean endsWithTurn) {
    this.context = context;
    this.response = request.response();
    this.format = format;
    this.endsWithTurn = endsWithTurn;
  }

  /**
   * Answers {@code ctx} with a stream of {@code journal}'s entries after {@code afterSeq}, then the rest as
   * they come; the response ends with the turn.
   */
  static void follow(RoutingContext ctx, TurnJournal journal, int afterSeq, JournalFormat format,
                     StreamRegistry streams) {
    JournalStream stream = new JournalStream(ctx.vertx().getOrCreateContext(), ctx.request(), format, true);
    stream.open(ctx.request(), () -> {
      journal.unfollow(stream, System.nanoTime());
      streams.stopped(stream);
    });
    streams.listening(stream);
    journal.follow(stream, afterSeq);
  }

  /** Sends the event-stream headers at once; {@code closed} runs when the stream ends or the client goes (maybe twice). */
  JournalStream open(HttpServerRequest request, Runnable closed) {
    SseWriter.open(response, request.version(), null);
    response.closeHandler(v -> closed.run());
    response.endHandler(v -> closed.run());
    return this;
  }

  @Override
  public void offer(TurnJournal journal, List<JournalEntry> entries) {
    context.runOnContext(v -> write(journal, entries));
  }

  private void write(TurnJournal journal, List<JournalEntry> entries) {
    if (response.closed() || response.ended()) {
      return;
    }
    lastWriteAt = System.nanoTime();
    response.write(format.entries(journal.turnId(), entries));
    if (entries.get(entries.size() - 1).last()) {
      journal.delivered();
      if (endsWithTurn) {
        response.end();
      }
    }
  }

  /** Called by the sweep on this stream's event loop: a comment keeps a quiet stream through proxies. */
  void keepAlive(long now, long heartbeatNanos) {
    if (now - lastWriteAt >= heartbeatNanos && !response.closed() && !response.ended()) {
      lastWriteAt = now;
      response.write(SseWriter.ping());
    }
  }
}
