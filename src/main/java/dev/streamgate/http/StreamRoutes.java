package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.channel.Channels;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.dialect.NativeJournalFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /streams/{turn_id}} stops a turn. {@code GET /streams/{turn_id}?after=N} (or with {@code Last-Event-ID: N}): a {@code /chat/stream}
 * turn read back from its journal while it runs and for {@code RESUME_SECONDS} after: the events after
 * id {@code N}, exactly as first sent, then the live rest. 204 when there is nothing after {@code N}.
 */
final class StreamRoutes {

  private final Channels channels;
  private final StreamRegistry streams;

  StreamRoutes(Channels channels, StreamRegistry streams) {
    this.channels = channels;
    this.streams = streams;
  }

  void mount(Router router) {
    router.get("/streams/:turn_id").handler(this::resume);
    router.delete("/streams/:turn_id").handler(this::stop);
  }

  /** Stop (the demo's Stop button): the upstream call is aborted now, the partial reply stored as interrupted. */
  private void stop(RoutingContext ctx) {
    ctx.json(new JsonObject().put("turn_id", ctx.pathParam("turn_id")).put("stopped", journal(ctx).cancel()));
  }

  private void resume(RoutingContext ctx) {
    TurnJournal journal = journal(ctx);
    long afterId = afterId(ctx);
    int afterSeq = NativeJournalFormat.afterSeq(afterId);
    if (journal.endsBy(afterSeq)) {
      ctx.response().setStatusCode(204).end(); // nothing after it: 204 also tells an EventSource to stop
      return;
    }
    JournalStream.follow(ctx, journal, afterSeq, new NativeJournalFormat(journal.opening(), afterId), streams);
  }

  private TurnJournal journal(RoutingContext ctx) {
    TurnJournal journal = channels.journal(ctx.pathParam("turn_id"));
    if (journal == null || !journal.readableBy(ApiKeys.owner(ctx))) {
      throw GatewayException.notFound("No turn '" + ctx.pathParam("turn_id") + "' (unknown, or ended more than the"
          + " resume time ago)");
    }
    return journal;
  }

  /** The last event id the client has: {@code after}, else {@code Last-Event-ID}, else none (0). */
  private static long afterId(RoutingContext ctx) {
    String after = ctx.request().getParam("after");
    return afterId(after != null ? after : ctx.request().getHeader("Last-Event-ID"));
  }

  /** An event id as a client sends it: absent or blank is 0, else a whole number from 0 (400 otherwise). */
  static long afterId(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GatewayException.badRequest("'after' (or Last-Event-ID) must be the id of an event of the turn, a whole"
        + " number from 0");
  }
}
