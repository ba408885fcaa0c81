package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** Checks, before anything is stored or streamed, that a model a request names can be routed (else 400). */
final class Models {

  private Models() {
  }

  static Future<Void> known(EventBus bus, String model) {
    return resolve(bus, model).mapEmpty();
  }

  /** The concrete model that would answer {@code model} (an alias names another), or null when none is named. */
  static Future<String> resolve(EventBus bus, String model) {
    return model == null ? Future.succeededFuture()
        : LoopAffinity.<JsonObject>request(bus, Addresses.LLM_ROUTE, new JsonObject().put("model", model))
            .map(route -> route.body().getString("model"));
  }
}
