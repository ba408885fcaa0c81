package dev.streamgate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import dev.streamgate.config.ConfigException;
import dev.streamgate.config.NodeStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;

/**
 * Starts a clustered Vert.x: Hazelcast (through vertx-hazelcast) configured from {@code conf/cluster.xml}
 * or the file {@code CLUSTER_CONFIG} names, the event bus on {@code CLUSTER_HOST} (when set) and a free
 * port; both settings come from {@link NodeStart}. Only this class names Hazelcast: a node that is not
 * clustered never loads it.
 */
public final class ClusterBoot {

  public static final String DEFAULT_CONFIG = NodeStart.DEFAULT_CLUSTER_CONFIG;

  private ClusterBoot() {
  }

  /** A started Vert.x and the membership of its node in the cluster (or {@link Membership#ALONE}). */
  public record Started(Vertx vertx, Membership membership) {
  }

  /** The event bus of a clustered node listens on {@code CLUSTER_HOST} when set (its port is picked freely). */
  public static VertxOptions configure(VertxOptions options, NodeStart start) {
    if (!start.clusterHost().isEmpty()) {
      options.getEventBusOptions().setHost(start.clusterHost());
    }
    return options;
  }

  /** A clustered Vert.x from {@code builder}, configured by {@code start}; fails with one line naming the variable. */
  public static Future<Started> start(VertxBuilder builder, NodeStart start) {
    String file = start.clusterConfig();
    Config config;
    try {
      config = new FileSystemXmlConfig(file);
    } catch (FileNotFoundException | RuntimeException e) {
      return Future.failedFuture(new ConfigException("Invalid configuration: CLUSTER_CONFIG (default " + DEFAULT_CONFIG
          + ") must name a readable Hazelcast XML file, got \"" + file + "\": " + e.getMessage()));
    }
    return start(builder, config);
  }

  /** A clustered Vert.x over its own Hazelcast member configured by {@code config} (tests pass theirs). */
  public static Future<Started> start(VertxBuilder builder, Config config) {
    HazelcastClusterManager manager = new HazelcastClusterManager(config);
    return builder.withClusterManager(manager).buildClustered()
        .map(vertx -> new Started(vertx, new Membership(manager)));
  }
}
