package dev.streamgate.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.List;

/**
 * This node's identity in the cluster and the members it sees, as the cluster manager knows them
 * (its local view: no remote call). A node that is not clustered has no id and sees only itself.
 */
public final class Membership {

  private Membership() {
  }

  /** This node's cluster node id, or null when the node is not clustered. */
  public static String nodeId(Vertx vertx) {
    ClusterManager manager = manager(vertx);
    return manager == null ? null : manager.getNodeId();
  }

  /** The ids of the members, this node included; empty when not clustered. */
  public static List<String> nodes(Vertx vertx) {
    ClusterManager manager = manager(vertx);
    return manager == null ? List.of() : manager.getNodes();
  }

  /** True while {@code nodeId} is a member of this node's cluster. */
  public static boolean isMember(Vertx vertx, String nodeId) {
    return nodes(vertx).contains(nodeId);
  }

  private static ClusterManager manager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }
}
