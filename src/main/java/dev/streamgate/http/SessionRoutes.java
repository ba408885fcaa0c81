package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.SessionListing;
import dev.streamgate.session.SessionCursor;
import dev.streamgate.session.SessionLimits;
import dev.streamgate.turn.Models;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;

/**
 * The session API: each route forwards to the session verticle and answers its JSON reply as is. A new
 * session's model is checked first: one no configured provider answers is 400, and no session is made.
 */
final class SessionRoutes {

  private static final int MAX_LISTED_IDS = 100;
  private static final int MAX_PAGE = 1000;

  private final EventBus bus;
  private final Models models;

  SessionRoutes(EventBus bus, Models models) {
    this.bus = bus;
    this.models = models;
  }

  void mount(Router router) {
    router.post("/sessions/new").handler(this::create);
    router.get("/sessions").handler(this::list);
    router.get("/sessions/:id").handler(ctx -> forward(ctx, Addresses.SESSION_GET, id(ctx)));
    router.delete("/sessions/:id").handler(ctx -> forward(ctx, Addresses.SESSION_DELETE, id(ctx)));
    router.post("/sessions/:id/clear").handler(ctx -> forward(ctx, Addresses.SESSION_CLEAR, id(ctx)));
  }

  /** The list comes encoded (it may be tens of MB): written as it is. */
  private void list(RoutingContext ctx) {
    LoopAffinity.<SessionListing>request(bus, Addresses.SESSION_LIST, listed(ctx).put("owner", ApiKeys.owner(ctx)))
        .onSuccess(listing -> ctx.response().putHeader("Content-Type", "application/json")
            .end(listing.body().json()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    String model = ChatRequest.optional(JsonBodies.optional(ctx), "model");
    models.known(model)
        .compose(v -> ask(ctx, Addresses.SESSION_CREATE, new JsonObject().put("model", model)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /**
   * {@code ?ids=a,b,…} lists only those sessions (of the caller's key): a page that remembers the
   * sessions it made lists its own, not every visitor's, on a node without keys. {@code ?limit=} asks
   * for a page ({@link #page}).
   */
  private static JsonObject listed(RoutingContext ctx) {
    String ids = ctx.request().getParam("ids");
    JsonObject page = page(ctx);
    if (ids == null) {
      return page;
    }
    if (!page.isEmpty()) {
      throw GatewayException.invalid("limit", "'ids' lists the sessions it names, on one page: leave out 'limit'");
    }
    List<String> named = Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    if (named.size() > MAX_LISTED_IDS) {
      throw GatewayException.badRequest("'ids' names " + named.size() + " sessions; the limit is " + MAX_LISTED_IDS);
    }
    named.forEach(id -> ChatRequest.id(id, "ids"));
    return new JsonObject().put("ids", new JsonArray(named));
  }

  /**
   * {@code ?limit=N} (1 to {@value #MAX_PAGE}) asks for a page of the list, {@code ?after=} for the one
   * after a page (its {@code next}); nothing when no {@code limit} is given (the whole list, as before).
   */
  private static JsonObject page(RoutingContext ctx) {
    String limit = ctx.request().getParam("limit");
    String after = ctx.request().getParam("after");
    if (limit == null) {
      if (after != null) {
        throw GatewayException.invalid("after", "'after' goes with 'limit': it names where a page starts");
      }
      return new JsonObject();
    }
    int size = 0;
    try {
      size = Integer.parseInt(limit.strip());
    } catch (NumberFormatException notANumber) {
      // refused below
    }
    if (size < 1 || size > MAX_PAGE) {
      throw GatewayException.invalid("limit", "'limit' must be a whole number from 1 to " + MAX_PAGE);
    }
    if (after != null) {
      try {
        SessionCursor.decode(after);
      } catch (IllegalArgumentException notOne) {
        throw GatewayException.invalid("after", "'after' must be the 'next' of a page of this list");
      }
    }
    return new JsonObject().put("limit", size).put("after", after);
  }

  private static JsonObject id(RoutingContext ctx) {
    return new JsonObject().put("session_id", ctx.pathParam("id"));
  }

  private void forward(RoutingContext ctx, String address, JsonObject body) {
    ask(ctx, address, body).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** Every command carries the caller's key fingerprint: sessions of other keys are not found. */
  private Future<JsonObject> ask(RoutingContext ctx, String address, JsonObject body) {
    return LoopAffinity.<JsonObject>request(bus, address, body.put("owner", ApiKeys.owner(ctx)))
        .map(Message::body)
        .recover(err -> Future.failedFuture(SessionLimits.explain(err)));
  }
}
