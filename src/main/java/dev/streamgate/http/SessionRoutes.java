package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The session API: each route forwards to the session verticle and answers its JSON reply as is. */
final class SessionRoutes {

  private final EventBus bus;

  SessionRoutes(EventBus bus) {
    this.bus = bus;
  }

  void mount(Router router) {
    router.post("/sessions/new").handler(ctx -> forward(ctx, Addresses.SESSION_CREATE,
        new JsonObject().put("model", ChatRequest.optional(JsonBodies.optional(ctx), "model"))));
    router.get("/sessions").handler(ctx -> forward(ctx, Addresses.SESSION_LIST, new JsonObject()));
    router.get("/sessions/:id").handler(ctx -> forward(ctx, Addresses.SESSION_GET, id(ctx)));
    router.delete("/sessions/:id").handler(ctx -> forward(ctx, Addresses.SESSION_DELETE, id(ctx)));
    router.post("/sessions/:id/clear").handler(ctx -> forward(ctx, Addresses.SESSION_CLEAR, id(ctx)));
  }

  private static JsonObject id(RoutingContext ctx) {
    return new JsonObject().put("session_id", ctx.pathParam("id"));
  }

  /** Every command carries the caller's key fingerprint: sessions of other keys are not found. */
  private void forward(RoutingContext ctx, String address, JsonObject body) {
    bus.<JsonObject>request(address, body.put("owner", ApiKeys.owner(ctx)))
        .onSuccess(reply -> ctx.json(reply.body()))
        .onFailure(err -> ctx.fail(explain(err)));
  }

  /**
   * The session service answers 429 only when a key already keeps the most sessions allowed
   * ({@code SESSION_MAX_PER_KEY}): that refusal gets its own code, {@code session_limit}.
   */
  static Throwable explain(Throwable err) {
    return err instanceof ReplyException reply && reply.failureCode() == 429
        ? new GatewayException(429, "session_limit", reply.getMessage()) : err;
  }
}
