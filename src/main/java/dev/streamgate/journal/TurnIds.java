package dev.streamgate.journal;

import dev.streamgate.cluster.Membership;
import java.util.UUID;

/**
 * Turn ids. A node alone mints plain UUIDs. A clustered node appends its cluster node id,
 * {@code <uuid>.<node id>}, so any node given a turn id (a client resuming through another node) knows
 * which node's HTTP side holds the turn's journal, without a cluster lookup per turn.
 */
public final class TurnIds {

  private static final char SEPARATOR = '.';

  private final String node;

  private TurnIds(String node) {
    this.node = node;
  }

  public static TurnIds of(Membership membership) {
    return new TurnIds(membership.nodeId());
  }

  public String next() {
    String id = UUID.randomUUID().toString();
    return node == null ? id : id + SEPARATOR + node;
  }

  /** The node whose journal holds {@code turnId} when that is another node of this cluster; null for this node or none. */
  public String remoteHome(String turnId) {
    int separator = turnId.indexOf(SEPARATOR);
    if (node == null || separator < 0 || separator == turnId.length() - 1) {
      return null;
    }
    String home = turnId.substring(separator + 1);
    return home.equals(node) ? null : home;
  }

  /** This node's cluster id, or null when it is not clustered. */
  public String node() {
    return node;
  }
}
