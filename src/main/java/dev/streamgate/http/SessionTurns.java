package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.dialect.TurnDialect;
import dev.streamgate.lifecycle.Drain;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * A turn kept in a session, whatever the dialect: check the model, record the user message and get the
 * context, then relay the answer. Fails (for the route's error handler) only before the response starts.
 */
final class SessionTurns {

  private final EventBus bus;
  private final ChunkInbox inbox;
  private final TurnIds turnIds;
  private final Drain drain;
  private final StreamHooks hooks;

  SessionTurns(EventBus bus, ChunkInbox inbox, TurnIds turnIds, Drain drain, StreamHooks hooks) {
    this.bus = bus;
    this.inbox = inbox;
    this.turnIds = turnIds;
    this.drain = drain;
    this.hooks = hooks;
  }

  Future<TurnStream> start(HttpServerRequest request, TurnBegin begin, TurnDialect dialect) {
    return start(begin, new ResponseOutput(request, dialect));
  }

  /** Refused (503) while the node drains, before anything is stored: the client asks another node. */
  Future<TurnStream> start(TurnBegin begin, TurnOutput output) {
    if (drain.draining()) {
      return Future.failedFuture(GatewayException.draining());
    }
    return Models.known(bus, begin.model())
        .compose(v -> LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_TURN_BEGIN, begin.toJson())
            .recover(err -> Future.failedFuture(SessionRoutes.explain(err))))
        .map(reply -> TurnContext.fromJson(reply.body()))
        .compose(context -> new TurnStream(bus, inbox, turnIds.next(), context, output, hooks).start());
  }
}
