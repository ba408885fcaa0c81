package dev.streamgate;

import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.ChatChunkCodec;
import dev.streamgate.channel.Channels;
import dev.streamgate.config.ConfigLoader;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.http.HttpVerticle;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Boot only: load and validate the configuration, register the chunk codec, deploy the session and
 * upstream verticles, then the HTTP verticles (so no request arrives before its back-ends are ready);
 * of these, only the roles the node runs ({@code ROLES}). Sessions live where {@link SessionStores}
 * says: this node's memory, the cluster's shared data when the node is clustered, or PostgreSQL.
 */
public final class MainVerticle extends VerticleBase {

  private final Map<String, String> env;
  private final Properties sys;
  private final List<HttpVerticle> edges = new CopyOnWriteArrayList<>();
  private GatewayConfig config;
  private PrometheusMeterRegistry metrics;

  /** A node configured from the real environment and system properties. */
  public MainVerticle() {
    this(System.getenv(), System.getProperties());
  }

  /** A node configured from the given environment and system properties (over {@code conf/config.yaml}). */
  public MainVerticle(Map<String, String> env, Properties sys) {
    this.env = env;
    this.sys = sys;
  }

  @Override
  public Future<?> start() {
    metrics = NodeMetrics.registry(vertx);
    return ConfigLoader.load(vertx, env, sys)
        .andThen(loaded -> config = loaded.result())
        .compose(cfg -> deployBackEnds())
        .compose(v -> deployEdges());
  }

  /** As many session and upstream as HTTP verticles: deployed in turn, they share event loops (see LoopAffinity). */
  private int instances() {
    return config.http().instances() > 0 ? config.http().instances() : Runtime.getRuntime().availableProcessors();
  }

  private Future<?> deployBackEnds() {
    registerCodec();
    return Future.all(
        config.node().runs(GatewayConfig.SESSIONS) ? deploySessions() : Future.succeededFuture(),
        config.node().runs(GatewayConfig.UPSTREAM) ? deployUpstream() : Future.succeededFuture());
  }

  private Future<String> deploySessions() {
    return SessionStores.open(vertx, config.sessions()).compose(sessions -> vertx.deployVerticle(() -> new SessionVerticle(sessions,
        config.llm().defaultModel(), config.sessions().maxContextMessages()), new DeploymentOptions().setInstances(instances())));
  }

  private Future<String> deployUpstream() {
    ProviderBreakers breakers = new ProviderBreakers(config.llm().resilience().breakerFailures(),
        config.llm().resilience().breakerOpenMs());
    UpstreamMetrics upstreamMetrics = new UpstreamMetrics(metrics);
    return vertx.deployVerticle(() -> new LlmVerticle(config.llm(), breakers, upstreamMetrics),
        new DeploymentOptions().setInstances(instances()));
  }

  private Future<String> deployEdges() {
    if (!config.node().runs(GatewayConfig.HTTP)) {
      return Future.succeededFuture();
    }
    GatewayStats stats = new GatewayStats();
    Channels channels = new Channels(TimeUnit.SECONDS.toNanos(config.http().resumeSeconds()));
    Admission admission = new Admission(config.limits());
    return vertx.deployVerticle(() -> {
      HttpVerticle edge = new HttpVerticle(config, stats, channels, metrics, admission);
      edges.add(edge);
      return edge;
    }, new DeploymentOptions().setInstances(instances()));
  }

  private void registerCodec() {
    try {
      vertx.eventBus().registerDefaultCodec(ChatChunk.class, new ChatChunkCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another node deployed in this Vert.x instance (tests) registered it already.
    }
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
