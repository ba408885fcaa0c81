package dev.streamgate.turn;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Checks, before anything is stored or streamed, that a model a request names can be routed (else 400)
 * and that its provider honours what the turn asks beyond text ({@code TurnOptions#asks}: else 400
 * naming the first parameter it cannot honour). The configured default model always routes, to
 * itself, so naming it in a turn that asks nothing more costs no {@code llm.route} round trip (OpenAI
 * clients name a model on every request).
 */
public final class Models {

  private final EventBus bus;
  private final String defaultModel;

  public Models(EventBus bus, String defaultModel) {
    this.bus = bus;
    this.defaultModel = defaultModel;
  }

  /** Checks a model for a turn of text alone. */
  public Future<Void> known(String model) {
    return known(model, List.of());
  }

  public Future<Void> known(String model, List<String> asks) {
    return resolve(model, asks).mapEmpty();
  }

  /** The concrete model that would answer {@code model} (an alias names another), or null when none is named. */
  public Future<String> resolve(String model, List<String> asks) {
    if ((model == null || model.equals(defaultModel)) && asks.isEmpty()) {
      return Future.succeededFuture(model);
    }
    return LoopAffinity.<JsonObject>request(bus, Addresses.LLM_ROUTE,
            new JsonObject().put("model", model).put("asks", new JsonArray(asks)))
        .map(route -> {
          JsonArray refused = route.body().getJsonArray("refused", new JsonArray());
          if (!refused.isEmpty()) {
            throw GatewayException.invalid(refused.getString(0), route.body().getString("message"));
          }
          return model == null ? null : route.body().getString("model");
        });
  }
}
