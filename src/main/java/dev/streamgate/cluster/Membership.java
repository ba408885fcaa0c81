package dev.streamgate.cluster;

import io.vertx.core.spi.cluster.ClusterManager;
import java.util.List;

/**
 * This node's identity in the cluster and the members it sees, as the cluster manager knows them
 * (its local view: no remote call). A node that is not clustered ({@link #ALONE}) has no id and sees
 * only itself. Made where the cluster manager is made ({@link ClusterBoot}) and handed down: Vert.x has
 * no public way to get its cluster manager back.
 */
public final class Membership {

  /** A node that is not clustered. */
  public static final Membership ALONE = new Membership(null);

  private final ClusterManager manager;

  Membership(ClusterManager manager) {
    this.manager = manager;
  }

  /** This node's cluster node id, or null when the node is not clustered. */
  public String nodeId() {
    return manager == null ? null : manager.getNodeId();
  }

  /** The ids of the members, this node included; empty when not clustered. */
  public List<String> nodes() {
    return manager == null ? List.of() : manager.getNodes();
  }

  /** True while {@code nodeId} is a member of this node's cluster. */
  public boolean isMember(String nodeId) {
    return nodes().contains(nodeId);
  }

  /** The cluster manager, for what only Hazelcast can do ({@link EntryTtl}); null when not clustered. */
  ClusterManager manager() {
    return manager;
  }
}
