package dev.streamgate.session;

import dev.streamgate.cluster.Membership;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the store a node's configuration names: PostgreSQL when {@code SESSION_STORE=postgres} (then
 * every node, clustered or not, shares the database), else the cluster's replicated map on a clustered
 * node, else this node's memory. Each store applies the configured limits; idle sessions are swept by
 * one periodic timer per store (none for the cluster map, whose entries expire by themselves), the
 * memory store's on a worker thread. The memory store holds at most {@code SESSION_MEMORY_MB} of
 * sessions (estimated), a clustered node at most that much of the cluster's map (as Hazelcast counts
 * it), half the JVM's heap unless told. The timers belong to the caller's verticle and stop with it.
 */
public final class SessionStores {

  private static final Logger LOG = LoggerFactory.getLogger(SessionStores.class);

  private SessionStores() {
  }

  public static Future<SessionStore> open(Vertx vertx, Membership membership, GatewayConfig.Sessions config) {
    SessionLimits limits = new SessionLimits(config.maxMessages(), config.idleSeconds() * 1000L, config.maxPerKey());
    if (config.store().equals(GatewayConfig.Sessions.POSTGRES)) {
      return PostgresSessionStore.open(vertx, config.databaseUrl(), limits)
          .onSuccess(store -> sweep(vertx, store, limits));
    }
    long budget = config.memoryMb() > 0 ? config.memoryMb() * 1024L * 1024L : Runtime.getRuntime().maxMemory() / 2;
    if (vertx.isClustered()) {
      return ClusterSessionStore.create(vertx, membership, limits, budget);
    }
    SessionStore memory = new MemorySessionStore(limits, budget, vertx);
    sweep(vertx, memory, limits);
    return Future.succeededFuture(memory);
  }

  private static void sweep(Vertx vertx, SessionStore store, SessionLimits limits) {
    if (limits.idleMillis() == 0) {
      return;
    }
    vertx.setPeriodic(limits.sweepMillis(), timer -> store.expireIdle(Instant.now().minusMillis(limits.idleMillis()))
        .onSuccess(expired -> {
          if (expired > 0) {
            LOG.info("{} sessions idle for {} s or more expired", expired, limits.idleMillis() / 1000);
          }
        })
        .onFailure(err -> LOG.warn("Idle sessions could not be swept: {}", err.getMessage())));
  }
}
