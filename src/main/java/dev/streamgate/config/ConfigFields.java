package dev.streamgate.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Typed, validated reads from the merged configuration tree. Values may arrive as JSON numbers (YAML)
 * or as strings (environment, system properties); both are accepted. Every failure names the dotted
 * key and, when there is one, the environment variable that sets it.
 */
final class ConfigFields {

  private final JsonObject root;
  private final Map<String, String> envNameByPath;

  ConfigFields(JsonObject root, Map<String, String> envNameByPath) {
    this.root = root;
    this.envNameByPath = envNameByPath;
  }

  String string(String path) {
    Object value = raw(path);
    return value == null ? "" : value.toString().trim();
  }

  /** A YAML list, or a comma-separated string (from the environment); blank entries dropped. */
  List<String> list(String path) {
    Object value = raw(path);
    Stream<String> items = value instanceof JsonArray array ? array.stream().map(String::valueOf)
        : value == null ? Stream.empty() : Arrays.stream(value.toString().split(","));
    return items.map(String::trim).filter(item -> !item.isEmpty()).toList();
  }

  /** A non-empty list whose entries all belong to {@code allowed} (lower-cased, duplicates dropped). */
  List<String> subset(String path, Set<String> allowed) {
    List<String> items = list(path).stream().map(String::toLowerCase).distinct().toList();
    if (items.isEmpty() || !allowed.containsAll(items)) {
      throw invalid(path, "must be a comma-separated subset of " + String.join(", ", allowed.stream().sorted().toList()),
          String.join(",", list(path)));
    }
    return items;
  }

  String oneOf(String path, Set<String> allowed) {
    String value = string(path).toLowerCase();
    if (!allowed.contains(value)) {
      throw invalid(path, "must be one of " + String.join(", ", allowed.stream().sorted().toList()), value);
    }
    return value;
  }

  boolean bool(String path) {
    return Boolean.parseBoolean(oneOf(path, Set.of("true", "false")));
  }

  long number(String path, long min, long max) {
    Object value = raw(path);
    long parsed;
    try {
      // new BigDecimal(...).longValueExact() rejects "8080.5" and 8080.5 alike, instead of truncating.
      parsed = new BigDecimal(String.valueOf(value).trim()).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(path, "must be a whole number from " + min + " to " + max, value);
    }
    if (parsed < min || parsed > max) {
      throw invalid(path, "must be a whole number from " + min + " to " + max, value);
    }
    return parsed;
  }

  int integer(String path, int min, int max) {
    return (int) number(path, min, max);
  }

  /** An http(s) URL without a trailing slash; {@code fallback} when the key is empty. */
  String httpUrl(String path, String fallback) {
    String value = string(path);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
      }
    } catch (Exception ignored) {
      // reported below
    }
    throw invalid(path, "must be an http:// or https:// URL", value);
  }

  /**
   * A {@code postgresql://} (or {@code postgres://}) URL when {@code required}, else whatever is set
   * (other programs use DATABASE_URL too). Errors show the URL with its password hidden.
   */
  String databaseUrl(String path, boolean required) {
    String value = string(path);
    if (!required) {
      return value;
    }
    String rule = "must be a postgresql://user:password@host:port/database URL when sessions.store (SESSION_STORE) "
        + "is postgres";
    try {
      URI uri = new URI(value);
      if (("postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme())) && uri.getHost() != null) {
        return value;
      }
    } catch (Exception ignored) {
      // reported below, without the exception's message, which repeats the URL
    }
    throw invalid(path, rule, GatewayConfig.Sessions.redact(value));
  }

  private Object raw(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      node = node instanceof JsonObject json ? json.getValue(part) : null;
    }
    return node;
  }

  private ConfigException invalid(String path, String rule, Object value) {
    String env = envNameByPath.get(path);
    String key = env == null ? path : path + " (" + env + ")";
    return new ConfigException("Invalid configuration: " + key + " " + rule + ", got \"" + value + "\"");
  }
}
