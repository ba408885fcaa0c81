package dev.streamgate.session;

import dev.streamgate.support.ClusterNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The session limits over the cluster's replicated map: two clustered nodes with the limits, and one
 * more with the idle time too, all in one Hazelcast cluster (started once, as a clustered node takes
 * seconds). Idle expiry is the map entries' time-to-live here.
 */
@Tag("cluster")
class ClusterSessionLimitsTest extends SessionLimitsContract {

  private static final String CLUSTER = ClusterNode.uniqueClusterName();
  private static final Map<Map<String, String>, List<String>> STARTED = new HashMap<>();
  private static final List<ClusterNode> NODES = new ArrayList<>();

  @Override
  List<String> nodes(Map<String, String> env) {
    return STARTED.computeIfAbsent(env, limits -> {
      ClusterNode first = start(limits);
      ClusterNode second = limits.equals(LIMITS) ? start(limits) : first;
      return List.of(first.url(""), second.url(""));
    });
  }

  private static ClusterNode start(Map<String, String> env) {
    ClusterNode node = ClusterNode.start(CLUSTER, env);
    NODES.add(node);
    return node;
  }

  @AfterAll
  static void stop() {
    NODES.forEach(ClusterNode::close);
  }
}
