package dev.streamgate.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * What this member holds of one clustered map, in bytes, as Hazelcast counts it: the memory of the
 * entries in the partitions it owns and in the backups it keeps of others' (with {@code conf/cluster.xml}'s
 * one backup, two members each hold all of it, ten a fifth). Hazelcast keeps these counts as entries
 * change; their sum over the partitions is read once a {@code period}, on a worker thread, and kept,
 * so a check of it is a field read (0 until first read). The timer belongs to the caller's verticle and stops with it.
 */
public final class MapMemory {

  private final IMap<?, ?> map;
  private volatile long bytes;

  /** Starts reading {@code name}'s memory on this member of {@code membership}'s cluster, a Hazelcast one. */
  public MapMemory(Vertx vertx, Membership membership, String name, long periodMillis) {
    this.map = ((HazelcastClusterManager) membership.manager()).getHazelcastInstance().getMap(name);
    vertx.setPeriodic(periodMillis, timer -> vertx.executeBlocking(this::read, false));
  }

  /** The bytes this member held of the map when last read. */
  public long bytes() {
    return bytes;
  }

  private Void read() {
    LocalMapStats stats = map.getLocalMapStats();
    bytes = stats.getOwnedEntryMemoryCost() + stats.getBackupEntryMemoryCost();
    return null;
  }
}
