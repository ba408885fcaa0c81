package dev.streamgate.llm;

import dev.streamgate.config.GatewayConfig;
import dev.streamgate.config.Routing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which providers, with which models, answer a requested model, in the order to try them: an alias,
 * else the first route whose glob matches (then its fallback chain), else {@code <provider>/<model>},
 * else the default provider for its own default model (or no model named). Anything else is unknown,
 * and so is a model whose provider this node has not configured; except that on a node whose only
 * provider is the mock (the embedded default), the mock stands in for it, so a client written for a
 * real model (seed 001 names {@code gpt-3.5-turbo}) gets an answer, which names the mock as its model.
 */
final class ModelRouter {

  /** One provider and model to try. */
  record Target(String provider, String model) {
  }

  private final GatewayConfig.Llm config;

  ModelRouter(GatewayConfig.Llm config) {
    this.config = config;
  }

  /** The targets for {@code requested} (null or empty: the default); empty when no configured provider answers it. */
  List<Target> plan(String requested) {
    List<Target> routed = route(requested);
    if (routed.isEmpty() || config.configured(routed.get(0).provider())) {
      return routed;
    }
    return config.mockOnly() ? List.of(new Target("mock", config.mock().model())) : List.of();
  }

  /** Why {@code requested} has no plan, for a 400 a user can act on. */
  String unknown(String requested) {
    List<Target> routed = route(requested);
    if (!routed.isEmpty()) {
      String provider = routed.get(0).provider();
      String prefix = provider.toUpperCase(Locale.ROOT);
      return "Model '" + requested + "' is answered by the " + provider + " provider, which is not configured on"
          + " this node (set " + (provider.equals("ollama") ? "" : prefix + "_API_KEY or ") + prefix
          + "_BASE_URL); GET /v1/models lists the models this node answers";
    }
    return "Unknown model '" + requested + "': use one of the routes (" + String.join(", ",
        config.routing().routes().stream().map(Routing.Route::match).toList()) + "), an alias ("
        + String.join(", ", config.routing().aliases().keySet()) + ") or <provider>/<model>";
  }

  private List<Target> route(String requested) {
    Routing routing = config.routing();
    if (requested == null || requested.isEmpty() || requested.equals(config.defaultModel())) {
      return withFallbacks(new Target(config.provider(), config.defaultModel()), routing.fallback());
    }
    Routing.Alias alias = routing.aliases().get(requested);
    if (alias != null) {
      return List.of(new Target(alias.provider(), alias.model()));
    }
    for (Routing.Route route : routing.routes()) {
      if (route.matches(requested)) {
        return withFallbacks(new Target(route.provider(), requested), route.fallback());
      }
    }
    int slash = requested.indexOf('/');
    if (slash > 0 && GatewayConfig.PROVIDERS.contains(requested.substring(0, slash)) && slash < requested.length() - 1) {
      return List.of(new Target(requested.substring(0, slash), requested.substring(slash + 1)));
    }
    return List.of();
  }

  private List<Target> withFallbacks(Target first, List<String> fallback) {
    List<Target> targets = new ArrayList<>();
    targets.add(first);
    fallback.stream().filter(p -> !p.equals(first.provider()))
        .forEach(p -> targets.add(new Target(p, config.defaultModelOf(p))));
    return List.copyOf(targets);
  }
}
