package dev.streamgate.http;

import dev.streamgate.channel.JournalEntry;
import dev.streamgate.channel.JournalReader;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.SseWriter;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
  private final SlowReader reader;
  private long lastWriteAt = System.nanoTime();

  private JournalStream(Context context, HttpServerRequest request, JournalFormat format, boolean endsWithTurn,
                        SlowReader.Bounds slowReader) {
    this.context = context;
    this.response = request.response();
    this.format = format;
    this.endsWithTurn = endsWithTurn;
    this.reader = new SlowReader(request, slowReader);
  }

  /**
   * Answers {@code ctx} with an event stream (headers sent at once), kept alive by the sweep until it
   * ends or the client goes; {@code leave} then runs, once, to stop offering it entries.
   */
  static JournalStream start(RoutingContext ctx, JournalFormat format, boolean endsWithTurn, StreamRegistry streams,
                             Consumer<JournalStream> leave) {
    return start(ctx, format, null, endsWithTurn, streams, leave);
  }

  /** {@link #start}, the stream's first events ({@code opening}, null for none) sent with its headers. */
  private static JournalStream start(RoutingContext ctx, JournalFormat format, Buffer opening, boolean endsWithTurn,
                                     StreamRegistry streams, Consumer<JournalStream> leave) {
    HttpServerResponse response = ctx.response();
    JournalStream stream = new JournalStream(ctx.vertx().getOrCreateContext(), ctx.request(), format, endsWithTurn,
        streams.slowReader());
    SseWriter.open(response, ctx.request().version(), opening);
    // Through the routing context, which calls it once whether the response ends or the connection
    // closes, and keeps the other end handlers of the request (ReadSlots') working.
    ctx.addEndHandler(ended -> {
      leave.accept(stream);
      streams.stopped(stream);
    });
    streams.listening(stream);
    return stream;
  }

  /**
   * {@code journal}'s entries after {@code afterSeq}, then the rest as they come; the response ends with
   * the turn. {@code opening}: events sent first, with the headers (null for none).
   */
  static void follow(RoutingContext ctx, TurnJournal journal, int afterSeq, JournalFormat format, Buffer opening,
                     StreamRegistry streams) {
    JournalStream stream = start(ctx, format, opening, true, streams,
        reader -> journal.unfollow(reader, System.nanoTime()));
    journal.follow(stream, afterSeq);
  }

  @Override
  public void offer(TurnJournal journal, List<JournalEntry> entries) {
    context.runOnContext(v -> {
      if (write(journal.turnId(), entries, () -> journal.textBefore(entries.get(0).seq()))) {
        journal.delivered();
      }
    });
  }

  /**
   * Writes entries of {@code turnId}, on this stream's event loop; true when they end the turn and were
   * written (the response is then ended too if it ends with its turn). {@code answerBefore}: the text of
   * the turn before them ({@link JournalFormat#entries}).
   */
  boolean write(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    if (response.closed() || response.ended()) {
      return false;
    }
    lastWriteAt = System.nanoTime();
    Buffer events = format.entries(turnId, entries, answerBefore);
    response.write(events);
    reader.wrote(events.length());
    reader.full(null); // a journal does not wait for its readers: one that stops reading is dropped by the bounds
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

  /**
   * Called by the sweep on this stream's event loop: a client that stopped reading for too long is
   * dropped; a comment keeps a quiet stream through proxies. True when it sent that keep-alive.
   */
  boolean sweep(long now, long heartbeatNanos) {
    reader.sweep(now);
    if (now - lastWriteAt >= heartbeatNanos && !response.closed() && !response.ended()) {
      lastWriteAt = now;
      response.write(SseWriter.ping());
      return true;
    }
    return false;
  }
}
