package dev.streamgate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import dev.streamgate.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.util.Map;

/**
 * Starts a clustered Vert.x: Hazelcast (through vertx-hazelcast) configured from {@code conf/cluster.xml}
 * or the file {@code CLUSTER_CONFIG} names, the event bus on {@code CLUSTER_HOST} (when set) and a free
 * port. Only this class names Hazelcast: a node that is not clustered never loads it.
 */
public final class ClusterBoot {

  public static final String DEFAULT_CONFIG = "conf/cluster.xml";

  private ClusterBoot() {
  }

  /** A clustered Vert.x with {@code options}, configured from {@code env}; fails with one line naming the variable. */
  public static Future<Vertx> start(VertxOptions options, Map<String, String> env) {
    String file = env.getOrDefault("CLUSTER_CONFIG", "").isBlank() ? DEFAULT_CONFIG : env.get("CLUSTER_CONFIG").trim();
    Config config;
    try {
      config = new FileSystemXmlConfig(file);
    } catch (FileNotFoundException | RuntimeException e) {
      return Future.failedFuture(new ConfigException("Invalid configuration: CLUSTER_CONFIG (default " + DEFAULT_CONFIG
          + ") must name a readable Hazelcast XML file, got \"" + file + "\": " + e.getMessage()));
    }
    String host = env.getOrDefault("CLUSTER_HOST", "").trim();
    if (!host.isEmpty()) {
      options.getEventBusOptions().setHost(host);
    }
    return start(options, config);
  }

  /** A clustered Vert.x over its own Hazelcast member configured by {@code config} (tests pass theirs). */
  public static Future<Vertx> start(VertxOptions options, Config config) {
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config)).buildClustered();
  }
}
