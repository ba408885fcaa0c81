package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.limits.Admission;
import dev.streamgate.limits.Slot;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes of streams that only read ({@code GET /events} and {@code GET /api/streaming}, an event
 * channel; {@code GET /streams/{turn_id}} and seed 001's reconnection, a turn read back) take a read
 * slot ({@link Admission#readStream}) before their route runs, held until the response is done however
 * it ends: refused with 429 or 503 JSON before anything is written. Mounted before those routes.
 */
final class ReadSlots {

  private final Admission admission;

  ReadSlots(Admission admission) {
    this.admission = admission;
  }

  void mount(Router router) {
    router.get("/events").handler(this::hold);
    router.get("/api/streaming").handler(this::hold);
    router.get("/streams/:turn_id").handler(this::hold);
  }

  private void hold(RoutingContext ctx) {
    boolean asks = ctx.request().getParam("message") != null && ctx.request().getHeader("Last-Event-ID") == null;
    if (!asks) { // GET /events?message= asks a question: its turn holds a turn's slot instead
      Slot slot;
      try {
        slot = admission.readStream(ApiKeys.owner(ctx));
      } catch (GatewayException refused) {
        ctx.fail(refused);
        return;
      }
      ctx.addEndHandler(done -> slot.release());
    }
    ctx.next();
  }
}
