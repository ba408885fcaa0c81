package dev.streamgate.turn;

import dev.streamgate.bus.JournalEntry;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.SseWriter;
import dev.streamgate.journal.JournalReader;
import dev.streamgate.journal.TurnReading;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client's response, reading journals in its wire format: the client that asked a turn (its journal's
 * first reader), one that resumes it, or a stream of an event channel that gets every turn of the
 * channel. Entries are written on this response's event loop, at once when they are offered there
 * (the turn's own loop), else handed over, in the order offered. A format that streams sends its
 * headers and opening events at once; one that answers in one piece writes its status and body with
 * the turn's last entry. Kept alive (and a client that stops reading dropped) by the sweep.
 */
public final class EventStream implements JournalReader {

  private final Context context;
  /** The event-loop thread of {@link #context}: entries offered on it are written at once. */
  private final Thread loop;
  private final HttpServerResponse response;
  private final JournalFormat format;
  private final boolean endsWithTurn;
  private final SlowReader reader;
  private long lastWriteAt = System.nanoTime();

  private EventStream(RoutingContext ctx, JournalFormat format, boolean endsWithTurn, SlowReader.Bounds bounds) {
    this.context = ctx.vertx().getOrCreateContext();
    this.loop = Thread.currentThread();
    this.response = ctx.response();
    this.format = format;
    this.endsWithTurn = endsWithTurn;
    this.reader = new SlowReader(ctx.request(), bounds);
  }

  /**
   * Answers {@code ctx} in {@code format}: a stream that ends with its turn ({@code endsWithTurn}), or a
   * channel's, which stays open. {@code leave} runs once when the response is done, however it ends
   * (the turn's end, the client gone, a drop), to stop offering it entries.
   */
  public static EventStream open(RoutingContext ctx, JournalFormat format, boolean endsWithTurn,
                                 StreamRegistry streams, Consumer<EventStream> leave) {
    EventStream stream = new EventStream(ctx, format, endsWithTurn, streams.slowReader());
    if (format.streams()) {
      SseWriter.open(ctx.response(), ctx.request().version(), format.opening());
    }
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
   * Answers {@code ctx} with the turn {@code reading} found: 204 when nothing is left after the reader's
   * place (which also tells an EventSource to stop), else its events in the format made from the turn's
   * opening, replayed then live, ending with the turn.
   */
  public static void read(RoutingContext ctx, TurnReading reading, Function<JsonObject, JournalFormat> format,
                          StreamRegistry streams) {
    if (ctx.response().closed()) {
      reading.leave(null); // the client left while the turn was looked for
    } else if (reading.ended()) {
      ctx.response().setStatusCode(204).end();
    } else {
      reading.follow(open(ctx, format.apply(reading.opening()), true, streams, reading::leave));
    }
  }

  @Override
  public void offer(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore, Runnable delivered) {
    // The thread, not the context: the event bus hands each message its own duplicate of the loop's context.
    if (Thread.currentThread() == loop) {
      write(turnId, entries, answerBefore, delivered);
    } else {
      context.runOnContext(v -> write(turnId, entries, answerBefore, delivered));
    }
  }

  /** Writes entries of {@code turnId}; with the turn's last, a stream that ends with its turn ends. */
  private void write(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore, Runnable delivered) {
    if (!open()) {
      return;
    }
    JournalEntry last = entries.get(entries.size() - 1);
    Buffer events = format.entries(turnId, entries, answerBefore);
    if (!format.streams()) {
      if (last.last()) {
        JournalFormat.Answer answer = format.answer(last);
        response.setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
            .end(answer.body().toBuffer());
      }
      return;
    }
    lastWriteAt = System.nanoTime();
    reader.wrote(events.length()); // a client already too far behind is dropped here, as it would be after a write
    if (last.last() && endsWithTurn && open()) {
      response.end(events); // the last events and the end of the response: one write, one system call
    } else if (open()) {
      response.write(events);
      reader.full(null); // a journal does not wait for most readers: one that stops reading is dropped by the bounds
    }
    if (last.last()) {
      delivered.run();
    }
  }

  /** True when the client cannot keep up; {@code drained} then runs once it can (the turn it asked pauses meanwhile). */
  boolean full(Runnable drained) {
    return reader.full(drained);
  }

  /** Cuts the stream without a last event, as a broken connection would: its client resumes after what it got. */
  @Override
  public void cut() {
    if (open()) {
      response.reset();
    }
  }

  /**
   * Called by the sweep on this stream's event loop: a client that stopped reading for too long is
   * dropped; a comment keeps a quiet stream through proxies. True when it sent that keep-alive.
   */
  boolean sweep(long now, long heartbeatNanos) {
    reader.sweep(now);
    Buffer ping = format.ping();
    if (ping != null && now - lastWriteAt >= heartbeatNanos && open()) {
      lastWriteAt = now;
      response.write(ping);
      return true;
    }
    return false;
  }

  private boolean open() {
    return !response.closed() && !response.ended();
  }
}
