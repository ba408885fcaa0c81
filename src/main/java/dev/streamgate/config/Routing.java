package dev.streamgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a requested model finds its provider: aliases (a name for a provider and model), routes (first
 * glob match on the model name wins, each with its fallback chain), and the fallback chain of the
 * default provider. Documented in {@code conf/config.yaml}.
 */
public record Routing(List<Route> routes, Map<String, Alias> aliases, List<String> fallback) {

  /** Models matching {@code match} ({@code *} matches any run of characters) go to {@code provider}. */
  public record Route(String match, String provider, List<String> fallback) {

    public boolean matches(String model) {
      return model.matches(("\\Q" + match + "\\E").replace("*", "\\E.*\\Q"));
    }
  }

  /** A short name for a concrete provider and model ({@code fast} → mock/mock-echo). */
  public record Alias(String provider, String model) {
  }

  static Routing from(JsonObject llm) {
    List<Route> routes = new ArrayList<>();
    JsonArray list = llm.getValue("routes") instanceof JsonArray a ? a : new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      String key = "llm.routes[" + i + "]";
      JsonObject route = list.getValue(i) instanceof JsonObject r ? r : invalid(key, "must be {match, provider, fallback?}");
      routes.add(new Route(text(route, "match", key), provider(route.getString("provider"), key + ".provider"),
          providers(route.getValue("fallback"), key + ".fallback")));
    }
    Map<String, Alias> aliases = new LinkedHashMap<>();
    JsonObject names = llm.getValue("aliases") instanceof JsonObject o ? o : new JsonObject();
    for (String name : names.fieldNames()) {
      String key = "llm.aliases." + name;
      JsonObject alias = names.getValue(name) instanceof JsonObject a ? a : invalid(key, "must be {provider, model}");
      aliases.put(name, new Alias(provider(alias.getString("provider"), key + ".provider"), text(alias, "model", key)));
    }
    return new Routing(List.copyOf(routes), Map.copyOf(aliases), providers(llm.getValue("fallback"), "llm.fallback (LLM_FALLBACK)"));
  }

  /**
   * The providers a node can answer with: the mock (no key, no network), the default provider, those a
   * fallback chain or an alias names, and those given a key or a base URL of their own. The rest (the
   * providers routes name by default, say {@code gpt-*} to OpenAI) are refused with 400.
   */
  Set<String> configured(ConfigFields f, String provider) {
    Set<String> names = new TreeSet<>(List.of("mock", provider));
    names.addAll(fallback);
    routes.forEach(route -> names.addAll(route.fallback()));
    aliases.values().forEach(alias -> names.add(alias.provider()));
    GatewayConfig.PROVIDERS.stream().filter(name -> !f.string("llm." + name + ".apiKey").isEmpty()
        || !f.string("llm." + name + ".baseUrl").isEmpty()).forEach(names::add);
    return Collections.unmodifiableSet(names);
  }

  /** A list of provider names, as a YAML list or a comma-separated string (from the environment). */
  private static List<String> providers(Object value, String key) {
    List<String> names = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> names.add(String.valueOf(v)));
    } else if (value instanceof String text && !text.isBlank()) {
      for (String name : text.split(",")) {
        names.add(name.trim());
      }
    }
    return names.stream().map(name -> provider(name, key)).toList();
  }

  private static String provider(String name, String key) {
    if (name == null || !GatewayConfig.PROVIDERS.contains(name)) {
      return invalid(key, "must be one of " + String.join(", ", GatewayConfig.PROVIDERS.stream().sorted().toList())
          + ", got \"" + name + "\"");
    }
    return name;
  }

  private static String text(JsonObject json, String field, String key) {
    String value = json.getString(field);
    return value == null || value.isBlank() ? invalid(key + "." + field, "is required") : value;
  }

  private static <T> T invalid(String key, String rule) {
    throw new ConfigException("Invalid configuration: " + key + " " + rule);
  }
}
