package dev.streamgate;

import dev.streamgate.bus.BusCodecs;
import dev.streamgate.cluster.ChannelHomes;
import dev.streamgate.cluster.Membership;
import dev.streamgate.config.ConfigLoader;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.http.HttpVerticle;
import dev.streamgate.journal.Channels;
import dev.streamgate.journal.JournalEndpoint;
import dev.streamgate.journal.JournalHandoff;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.limits.Admission;
import dev.streamgate.llm.LlmVerticle;
import dev.streamgate.llm.ProviderBreakers;
import dev.streamgate.metrics.GatewayStats;
import dev.streamgate.metrics.NodeMetrics;
import dev.streamgate.metrics.UpstreamMetrics;
import dev.streamgate.session.SessionStores;
import dev.streamgate.session.SessionVerticle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Boot, and the graceful stop: load and validate the configuration, register the event-bus codecs, deploy
 * the session and upstream verticles, then the HTTP verticles (so no request arrives before its
 * back-ends are ready); of these, only the roles the node runs ({@code ROLES}). Sessions live where
 * {@link SessionStores} says: this node's memory, the cluster's shared data when the node is clustered,
 * or PostgreSQL. {@link #drain} stops the node's verticles gracefully before Vert.x is closed.
 */
public final class MainVerticle extends VerticleBase {

  /** Reads the configuration: {@link ConfigLoader}, the only reader of the environment, from the real or given one. */
  private final Function<Vertx, Future<GatewayConfig>> loader;
  private final Membership membership;
  private final List<HttpVerticle> edges = new CopyOnWriteArrayList<>();
  private final List<LlmVerticle> upstreams = new CopyOnWriteArrayList<>();
  private final Drain drain = new Drain();
  private GatewayConfig config;
  private PrometheusMeterRegistry metrics;
  private Channels channels;
  private GatewayStats stats;

  /** A node configured from the real environment and system properties; {@code membership}: its place in the cluster. */
  public MainVerticle(Membership membership) {
    this.loader = ConfigLoader::load;
    this.membership = membership;
  }

  /** A node configured from the given environment and system properties (over {@code conf/config.yaml}). */
  public MainVerticle(Map<String, String> env, Properties sys, Membership membership) {
    this.loader = vertx -> ConfigLoader.load(vertx, env, sys);
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    metrics = NodeMetrics.registry(vertx);
    return loader.apply(vertx)
        .andThen(loaded -> config = loaded.result())
        .compose(cfg -> deployBackEnds())
        .compose(v -> deployEdges());
  }

  /** As many session and upstream as HTTP verticles: deployed in turn, they share event loops (see LoopAffinity). */
  private int instances() {
    return config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
  }

  private Future<?> deployBackEnds() {
    BusCodecs.register(vertx.eventBus());
    return Future.all(
        config.node().runs(GatewayConfig.SESSIONS) ? deploySessions() : Future.succeededFuture(),
        config.node().runs(GatewayConfig.UPSTREAM) ? deployUpstream() : Future.succeededFuture());
  }

  private Future<String> deploySessions() {
    return SessionStores.open(vertx, membership, config.sessions()).compose(sessions -> vertx.deployVerticle(() -> new SessionVerticle(sessions,
        config.llm().defaultModel(), config.sessions().maxContextMessages()), new DeploymentOptions().setInstances(instances())));
  }

  private Future<String> deployUpstream() {
    ProviderBreakers breakers = new ProviderBreakers(config.llm().resilience().breakerFailures(),
        config.llm().resilience().breakerOpenMs());
    UpstreamMetrics upstreamMetrics = new UpstreamMetrics(metrics);
    return vertx.deployVerticle(() -> {
      LlmVerticle upstream = new LlmVerticle(config.llm(), breakers, upstreamMetrics);
      upstreams.add(upstream);
      return upstream;
    }, new DeploymentOptions().setInstances(instances()));
  }

  private Future<String> deployEdges() {
    if (!config.node().runs(GatewayConfig.HTTP)) {
      return Future.succeededFuture();
    }
    stats = new GatewayStats();
    channels = new Channels(TimeUnit.SECONDS.toNanos(config.http().resumeSeconds()));
    Admission admission = new Admission(config.limits());
    // Clustered, other nodes read this node's journals: the endpoint is up before any turn id names it.
    Future<?> endpoint = vertx.isClustered() ? vertx.deployVerticle(new JournalEndpoint(channels, membership))
        : Future.succeededFuture();
    return endpoint.compose(id -> vertx.deployVerticle(() -> {
      HttpVerticle edge = new HttpVerticle(config, stats, channels, metrics, drain, admission, membership);
      edges.add(edge);
      return edge;
    }, new DeploymentOptions().setInstances(instances())));
  }

  /**
   * Stops the node gracefully (SIGTERM), before Vert.x is closed: no new turns from now on; running
   * turns get {@code DRAIN_SECONDS} to finish, then end with a {@code shutdown} error (their replies
   * stored as interrupted); clustered, this node's recent journals are then handed over to the cluster
   * so their turns stay resumable through the nodes that remain. Call from any thread, once.
   */
  public Future<Void> drain() {
    drain.begin(config.node().drainSeconds());
    List<Future<Void>> verticles = new ArrayList<>();
    if (channels != null) {
      // The next request of each channel this node kept makes another node keep it; streams open here go on.
      verticles.add(new ChannelHomes(vertx, membership, drain).release(channels.channels()));
    }
    edges.forEach(edge -> verticles.add(edge.drain()));
    upstreams.forEach(upstream -> verticles.add(upstream.drain(drain)));
    return Future.join(verticles).compose(v -> vertx.isClustered() && channels != null
        ? JournalHandoff.handOver(vertx, channels, TimeUnit.SECONDS.toMillis(config.http().resumeSeconds()))
        : Future.succeededFuture());
  }

  /** The turns this node's HTTP verticles are relaying now. */
  public int activeTurns() {
    return stats == null ? 0 : stats.activeStreams();
  }

  /** The configuration this node runs with; null until started. */
  public GatewayConfig gatewayConfig() {
    return config;
  }

  /** The HTTP port actually bound; -1 on a node without the http role. */
  public int port() {
    return edges.isEmpty() ? -1 : edges.get(0).port();
  }
}
