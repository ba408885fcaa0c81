package dev.streamgate.http;

import dev.streamgate.channel.JournalEntry;
import dev.streamgate.channel.JournalReader;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.SseWriter;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;

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

  private JournalStream(Context context, HttpServerResponse response, JournalFormat format, boolean endsWithTurn) {
    this.context = context;
    this.response = response;
    this.format = format;
    this.endsWithTurn = endsWithTurn;
  }

  /**
   * Answers {@code ctx} with an event stream (headers sent at once), kept alive by the sweep until it
   * ends or the client goes; {@code leave} then runs (maybe twice) to stop offering it entries.
   */
  static JournalStream start(RoutingContext ctx, JournalFormat format, boolean endsWithTurn, StreamRegistry streams,
                             Consumer<JournalStream> leave) {
    HttpServerResponse response = ctx.response();
    JournalStream stream = new JournalStream(ctx.vertx().getOrCreateContext(), response, format, endsWithTurn);
    Handler<Void> closed = v -> {
      leave.accept(stream);
      streams.stopped(stream);
    };
    SseWriter.open(response, ctx.request().version(), null);
    response.closeHandler(closed).endHandler(closed);
    streams.listening(stream);
    return stream;
  }

  /** {@code journal}'s entries after {@code afterSeq}, then the rest as they come; the response ends with the turn. */
  static void follow(RoutingContext ctx, TurnJournal journal, int afterSeq, JournalFormat format,
                     StreamRegistry streams) {
    JournalStream stream = start(ctx, format, true, streams, reader -> journal.unfollow(reader, System.nanoTime()));
    journal.follow(stream, afterSeq);
  }

  @Override
  public void offer(TurnJournal journal, List<JournalEntry> entries) {
    context.runOnContext(v -> {
      if (write(journal.turnId(), entries)) {
        journal.delivered();
      }
    });
  }

  /**
   * Writes entries of {@code turnId}, on this stream's event loop; true when they end the turn and were
   * written (the response is then ended too if it ends with its turn).
   */
  boolean write(String turnId, List<JournalEntry> entries) {
    if (response.closed() || response.ended()) {
      return false;
    }
    lastWriteAt = System.nanoTime();
    response.write(format.entries(turnId, entries));
    boolean last = entries.get(entries.size() - 1).last();
    if (last && endsWithTurn) {
      response.end();
    }
    return last;
  }

  /** Cuts the stream without a last event, as a broken connection would: its client resumes after what it got. */
  void abort() {
    if (!response.closed() && !response.ended()) {
      response.reset();
    }
  }

  /** Called by the sweep on this stream's event loop: a comment keeps a quiet stream through proxies. */
  /** Sends a keep-alive if the stream has been quiet for {@code heartbeatNanos}; true if it did. */
  boolean keepAlive(long now, long heartbeatNanos) {
    if (now - lastWriteAt >= heartbeatNanos && !response.closed() && !response.ended()) {
      lastWriteAt = now;
      response.write(SseWriter.ping());
      return true;
    }
    return false;
  }
}
