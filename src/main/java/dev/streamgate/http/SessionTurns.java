package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.dialect.TurnDialect;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.limits.Admission;
import dev.streamgate.limits.Slot;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;

/**
 * A turn kept in a session, whatever the dialect: take a slot among the node's running turns, check the
 * model, record the user message and get the context, then relay the answer. Fails (for the route's
 * error handler) only before the response starts; the slot is given back when the turn ends or fails.
 */
final class SessionTurns {

  private final EventBus bus;
  private final Models models;
  private final ChunkInbox inbox;
  private final TurnIds turnIds;
  private final Drain drain;
  private final StreamHooks hooks;
  private final Admission admission;
  private final SlowReader.Bounds slowReader;

  SessionTurns(EventBus bus, Models models, ChunkInbox inbox, TurnIds turnIds, Drain drain, StreamHooks hooks,
      Admission admission, SlowReader.Bounds slowReader) {
    this.bus = bus;
    this.models = models;
    this.inbox = inbox;
    this.turnIds = turnIds;
    this.drain = drain;
    this.hooks = hooks;
    this.admission = admission;
    this.slowReader = slowReader;
  }

  Future<TurnStream> start(HttpServerRequest request, TurnBegin begin, TurnDialect dialect) {
    return start(begin, respond(request, dialect));
  }

  /** The client's own response as a turn's output. */
  ResponseOutput respond(HttpServerRequest request, TurnDialect dialect) {
    return new ResponseOutput(request, dialect, slowReader);
  }

  /**
   * Refused before anything is stored: 503 while the node drains (the client asks another node), 429/503
   * when the key's or the node's running turns are at their limit.
   */
  Future<TurnStream> start(TurnBegin begin, TurnOutput output) {
    if (drain.draining()) {
      return Future.failedFuture(GatewayException.draining());
    }
    Slot slot;
    try {
      slot = admission.turn(begin.owner());
    } catch (GatewayException refused) {
      return Future.failedFuture(refused);
    }
    return models.known(begin.model())
        .compose(v -> LoopAffinity.request(bus, Addresses.SESSION_TURN_BEGIN, begin)
            .recover(err -> Future.failedFuture(SessionRoutes.explain(err))))
        .map(reply -> TurnContext.of(reply.body()))
        .compose(context -> new TurnStream(bus, inbox, turnIds.next(), context, output, new SlotRelease(hooks, slot))
            .start())
        .onFailure(err -> slot.release());
  }
}
