package dev.streamgate.turn;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Checks, before anything is stored or streamed, that a model a request names can be routed (else 400).
 * The configured default model always routes, to itself, so naming it costs no {@code llm.route} round
 * trip (OpenAI clients name a model on every request).
 */
public final class Models {

  private final EventBus bus;
  private final String defaultModel;

  public Models(EventBus bus, String defaultModel) {
    this.bus = bus;
    this.defaultModel = defaultModel;
  }

  public Future<Void> known(String model) {
    return resolve(model).mapEmpty();
  }

  /** The concrete model that would answer {@code model} (an alias names another), or null when none is named. */
  public Future<String> resolve(String model) {
    if (model == null || model.equals(defaultModel)) {
      return Future.succeededFuture(model);
    }
    return LoopAffinity.<JsonObject>request(bus, Addresses.LLM_ROUTE, new JsonObject().put("model", model))
        .map(route -> route.body().getString("model"));
  }
}
