package dev.streamgate.config;

import java.util.function.UnaryOperator;

/**
 * The settings needed before Vert.x exists, so before {@link ConfigLoader#load} can run (it reads
 * through vertx-config): whether the node joins a cluster, whether Vert.x's own meters are on, the
 * Hazelcast file and the event-bus address of a clustered node. Read by {@link ConfigLoader#nodeStart}
 * from the environment and system properties only (no YAML: the file store needs a Vertx), with the
 * same precedence as the rest: a system property beats the environment variable of the same name.
 *
 * @param clustered     {@code CLUSTER}: start a clustered node (the {@code --cluster} argument also does)
 * @param vertxMetrics  {@code VERTX_METRICS}: Vert.x's meters feed {@code /metrics} (Streamgate's always do)
 * @param eventBusMetrics {@code VERTX_EVENTBUS_METRICS}: Vert.x's event-bus meters too (off by default:
 *                      every chunk of every stream is an event-bus message, and counting each costs CPU per chunk)
 * @param clusterConfig {@code CLUSTER_CONFIG}: the Hazelcast XML file, {@link #DEFAULT_CLUSTER_CONFIG} when unset
 * @param clusterHost   {@code CLUSTER_HOST}: the event bus's address; empty lets Vert.x choose
 */
public record NodeStart(boolean clustered, boolean vertxMetrics, boolean eventBusMetrics, String clusterConfig,
                        String clusterHost) {

  public static final String DEFAULT_CLUSTER_CONFIG = "conf/cluster.xml";

  /** Reads each name through {@code lookup} (null when unset); throws {@link ConfigException} naming a bad one. */
  static NodeStart from(UnaryOperator<String> lookup) {
    String file = value(lookup, "CLUSTER_CONFIG");
    return new NodeStart(flag(lookup, "CLUSTER", false), flag(lookup, "VERTX_METRICS", true),
        flag(lookup, "VERTX_EVENTBUS_METRICS", false), file.isEmpty() ? DEFAULT_CLUSTER_CONFIG : file,
        value(lookup, "CLUSTER_HOST"));
  }

  private static boolean flag(UnaryOperator<String> lookup, String name, boolean fallback) {
    String value = value(lookup, name).toLowerCase();
    if (value.isEmpty()) {
      return fallback;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException("Invalid configuration: " + name + " must be one of false, true, got \"" + value + "\"");
    }
    return Boolean.parseBoolean(value);
  }

  private static String value(UnaryOperator<String> lookup, String name) {
    String value = lookup.apply(name);
    return value == null ? "" : value.trim();
  }
}
