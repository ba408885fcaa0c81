package dev.streamgate.http;

import dev.streamgate.channel.Channels;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.metrics.GatewayStats;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.metrics.TurnMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP edge: routing, validation, SSE framing, keep-alives and status mapping. Deployed once per
 * core; never calls a model itself, only the session and upstream verticles over the event bus.
 */
public final class HttpVerticle extends VerticleBase {

  private static final long SWEEP_MS = 1000;
  /** Margin over the upstream's own whole-turn time-out before the edge gives up on a silent turn. */
  private static final long STALL_MARGIN_MS = 5000;

  private final GatewayConfig config;
  private final GatewayStats stats;
  private final Channels channels;
  private final PrometheusMeterRegistry metrics;
  private final Drain drain;
  private StreamRegistry streams;
  private TurnIds turnIds;
  private HttpServer server;

  /** {@code stats}, {@code channels}, {@code metrics} and {@code drain} are the node's, shared by all its HTTP verticles. */
  public HttpVerticle(GatewayConfig config, GatewayStats stats, Channels channels, PrometheusMeterRegistry metrics,
                      Drain drain) {
    this.config = config;
    this.stats = stats;
    this.channels = channels;
    this.metrics = metrics;
    this.drain = drain;
  }

  @Override
  public Future<?> start() {
    GatewayConfig.Http http = config.http();
    streams = new StreamRegistry(stats, new TurnMetrics(metrics, stats), new StreamLog(config.logs()),
        http.heartbeatSeconds(), stallMillis());
    turnIds = TurnIds.of(vertx);
    // HTTP/1.1 only: event streams need nothing else, and the JDK's HttpClient (HTTP/2 by default) hung
    // reading answers over 16 KiB (a /metrics scrape) after its h2c upgrade, past its own time-out.
    server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false)
        .setHttp2ClearTextEnabled(false));
    return ChunkInbox.create(vertx)
        .map(inbox -> router(inbox, sweptJournals(inbox)))
        .compose(router -> server.requestHandler(router).listen(http.port(), http.host()));
  }

  /** The journals this verticle reads turns from; swept each second with its streams and the node's channels. */
  private Journals sweptJournals(ChunkInbox inbox) {
    Journals journals = new Journals(vertx, channels, inbox, turnIds, streams);
    vertx.setPeriodic(SWEEP_MS, id -> {
      streams.sweep();
      channels.sweep();
      journals.sweep();
    });
    return journals;
  }

  /**
   * The node is draining ({@link Drain} begun: new turns are refused already): completes once this
   * verticle's turns have ended, those still running at the deadline ended with a {@code shutdown} error.
   * Resumed streams go on being served meanwhile.
   */
  public Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> drain.settle(vertx, streams::idle, () -> streams.interruptAll("shutdown",
            "The node is shutting down; the answer so far is stored as interrupted, ask again to continue"))
        .onComplete(drained));
    return drained.future();
  }

  private Router router(ChunkInbox inbox, Journals journals) {
    Router router = Router.router(vertx);
    if (!config.http().corsOrigins().isEmpty()) {
      router.route().handler(cors(config.http().corsOrigins()));
    }
    router.route().handler(new ApiKeys(config.http().apiKeys())::check);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()));
    SessionTurns turns = new SessionTurns(vertx.eventBus(), inbox, turnIds, drain, streams);
    long graceNanos = TimeUnit.SECONDS.toNanos(config.http().graceSeconds());
    new ChatRoutes(turns, channels, config.http().maxMessageChars(), graceNanos).mount(router);
    new StreamRoutes(journals).mount(router);
    new ConversationRoutes(turns, config.http().maxMessageChars()).mount(router);
    new ChannelRoutes(turns, channels, journals, streams, config.http().maxMessageChars(), graceNanos).mount(router);
    new OpenAiRoutes(vertx.eventBus(), inbox, config, turnIds, drain, streams).mount(router);
    new SessionRoutes(vertx.eventBus()).mount(router);
    new SystemRoutes(vertx, stats, config.llm(), config.node(), drain).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.route().failureHandler(ErrorMapper::handle);
    List.of(400, 404, 405, 406, 413, 415, 500).forEach(status -> router.errorHandler(status, ErrorMapper::handle));
    return router;
  }

  /** Browsers on the allowed origins may call every route; preflights are answered here, before any route. */
  private static CorsHandler cors(List<String> origins) {
    CorsHandler cors = origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "Authorization", "Accept", "Cache-Control", "Last-Event-ID"))
        .maxAgeSeconds(600);
  }

  /**
   * How long the edge waits for a turn's next chunk before it gives up on the upstream verticle. That
   * verticle ends every turn itself within the whole-turn time-out (retries and fallbacks included),
   * so this is only the net for one that is gone.
   */
  private long stallMillis() {
    return config.llm().resilience().turnTimeoutMs() + STALL_MARGIN_MS;
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }
}
