package dev.streamgate.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/**
 * The time-to-live of one entry of a clustered map. Vert.x's {@code AsyncMap} sets one only when an
 * entry is put, and Hazelcast gives an entry replaced without one the map's default (none, in
 * {@code conf/cluster.xml}); so a store that expires entries idle since their last change sets it again
 * after each compare-and-swap, with Hazelcast's {@code IMap.setTtl} (blocking, so on a worker).
 */
public final class EntryTtl {

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  /** For the maps of {@code membership}'s cluster, which must be a Hazelcast one. */
  public EntryTtl(Vertx vertx, Membership membership) {
    this.vertx = vertx;
    this.manager = (HazelcastClusterManager) membership.manager();
  }

  /** Makes {@code key} of {@code map} expire {@code ttlMillis} from now, unless written again before. */
  public Future<Void> set(String map, String key, long ttlMillis) {
    var entries = manager.getHazelcastInstance().getMap(map);
    return vertx.executeBlocking(() -> entries.setTtl(key, ttlMillis, TimeUnit.MILLISECONDS), false).mapEmpty();
  }
}
