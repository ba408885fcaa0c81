package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.dialect.NativeFormat;
import dev.streamgate.journal.Journals;
import dev.streamgate.turn.EventStream;
import dev.streamgate.turn.StreamRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /streams/{turn_id}} stops a turn. {@code GET /streams/{turn_id}?after=N} (or with {@code Last-Event-ID: N}): a {@code /chat/stream}
 * turn read back from its journal while it runs and for {@code RESUME_SECONDS} after: the events after
 * id {@code N}, exactly as first sent, then the live rest. 204 when there is nothing after {@code N}.
 * Both work through any node of a cluster ({@link Journals}).
 */
final class StreamRoutes {

  private final Journals journals;
  private final StreamRegistry streams;

  StreamRoutes(Journals journals, StreamRegistry streams) {
    this.journals = journals;
    this.streams = streams;
  }

  void mount(Router router) {
    router.get("/streams/:turn_id").handler(this::resume);
    router.delete("/streams/:turn_id").handler(this::stop);
  }

  /** Stop (the demo's Stop button): the upstream call is aborted now, the partial reply stored as interrupted. */
  private void stop(RoutingContext ctx) {
    String turnId = ctx.pathParam("turn_id");
    journals.stop(turnId, ApiKeys.owner(ctx))
        .onSuccess(stopped -> ctx.json(new JsonObject().put("turn_id", turnId).put("stopped", stopped)))
        .onFailure(ctx::fail);
  }

  private void resume(RoutingContext ctx) {
    long afterId = afterId(ctx);
    journals.find(ctx.pathParam("turn_id"), NativeFormat.afterSeq(afterId), ApiKeys.owner(ctx))
        .onSuccess(reading -> EventStream.read(ctx, reading, opening -> new NativeFormat(opening, afterId), streams))
        .onFailure(ctx::fail);
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
