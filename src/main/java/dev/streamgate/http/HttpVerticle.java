package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.Inbox;
import dev.streamgate.bus.JournalEntries;
import dev.streamgate.cluster.ChannelHomes;
import dev.streamgate.cluster.Membership;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.journal.Channels;
import dev.streamgate.journal.Journals;
import dev.streamgate.journal.TurnIds;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.limits.Admission;
import dev.streamgate.metrics.GatewayStats;
import dev.streamgate.metrics.TurnMetrics;
import dev.streamgate.turn.Models;
import dev.streamgate.turn.SlowReader;
import dev.streamgate.turn.StreamLog;
import dev.streamgate.turn.StreamRegistry;
import dev.streamgate.turn.TurnStarter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
  private final Admission admission;
  private final Membership membership;
  private StreamRegistry streams;
  private TurnIds turnIds;
  private ChannelHomes homes;
  private HttpServer server;

  /**
   * {@code stats}, {@code channels}, {@code metrics}, {@code drain}, {@code admission} and
   * {@code membership} are the node's, shared.
   */
  public HttpVerticle(GatewayConfig config, GatewayStats stats, Channels channels, PrometheusMeterRegistry metrics,
                      Drain drain, Admission admission, Membership membership) {
    this.membership = membership;
    this.config = config;
    this.stats = stats;
    this.channels = channels;
    this.metrics = metrics;
    this.drain = drain;
    this.admission = admission;
  }

  @Override
  public Future<?> start() {
    GatewayConfig.Http http = config.http();
    streams = new StreamRegistry(stats, new TurnMetrics(metrics, stats), new StreamLog(config.logs()),
        http.heartbeatSeconds(), stallMillis(), SlowReader.Bounds.of(config.limits()));
    turnIds = TurnIds.of(membership);
    homes = new ChannelHomes(vertx, membership, drain);
    server = createServer();
    String instance = UUID.randomUUID().toString();
    return Future.all(Inbox.create(vertx, Addresses.inbox(instance), ChatChunk::turnId),
            Inbox.create(vertx, Addresses.entries(instance), JournalEntries::reader))
        .compose(inboxes -> router(inboxes.resultAt(0), sweptJournals(inboxes.resultAt(1))))
        .compose(router -> server.requestHandler(router).listen(http.port(), http.host()));
  }

  /**
   * The journals this verticle reads turns from; swept each second with its streams and the node's
   * channels (in a cluster, the channels it forgets are no longer claimed by this node).
   */
  private Journals sweptJournals(Inbox<JournalEntries> entries) {
    Journals journals = new Journals(vertx, membership, channels, entries, turnIds);
    vertx.setPeriodic(SWEEP_MS, id -> {
      streams.sweep();
      homes.release(channels.sweep());
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
    context.runOnContext(v -> drain.settle(vertx, streams::idle, () -> streams.interruptAll(Failure.SHUTDOWN,
            "The node is shutting down; the answer so far is stored as interrupted, ask again to continue"))
        .onComplete(drained));
    return drained.future();
  }

  /**
   * Requests the decoder rejects (headers over the bound, a malformed request line) get a JSON error too.
   * No cleartext HTTP/2: an {@code Upgrade: h2c} request is answered over HTTP/1.1. Through a proxy that
   * forwards the upgrade, h2c is a tunnel past the proxy's rules ("h2c smuggling"), and JDK clients,
   * which try the upgrade on every {@code http://} URL, saw later requests on the upgraded connection
   * go unanswered (MetricsEndpointTest hung about one run in two). Strict thread mode: every response is
   * written on its connection's event loop (an {@link dev.streamgate.turn.EventStream} offered entries
   * from another loop hands them over first), so Vert.x writes to the socket directly instead of through
   * a cross-thread queue per connection, whose first 4 KiB array each open stream would hold.
   */
  private HttpServer createServer() {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false)
            .setHttp2ClearTextEnabled(false).setMaxHeaderSize(config.limits().maxHeaderBytes())
            .setStrictThreadMode(true))
        .invalidRequestHandler(MalformedRequests::answer);
  }

  /** The routes; in a cluster, ready once the channels this node keeps are served to the other nodes. */
  private Future<Router> router(Inbox<ChatChunk> chunks, Journals journals) {
    Router router = Router.router(vertx);
    if (config.http().trustForwarded()) {
      router.allowForward(AllowForwardHeaders.X_FORWARD); // the client's address as the proxy in front saw it
    }
    if (!config.http().corsOrigins().isEmpty()) {
      router.route().handler(cors(config.http().corsOrigins()));
    }
    router.route().handler(new ApiKeys(config.http().apiKeys())::check);
    router.route().handler(this::countRequest);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()));
    Models models = new Models(vertx.eventBus(), config.llm().defaultModel());
    TurnStarter turns = new TurnStarter(vertx.eventBus(), chunks, channels, streams, models, turnIds, drain, admission);
    long graceNanos = TimeUnit.SECONDS.toNanos(config.http().graceSeconds());
    int maxMessageChars = config.http().maxMessageChars();
    new ReadSlots(admission).mount(router);
    new ChatRoutes(turns, maxMessageChars, graceNanos).mount(router);
    new StreamRoutes(journals, streams).mount(router);
    new ConversationRoutes(turns, maxMessageChars).mount(router);
    ChannelRoutes channelRoutes = new ChannelRoutes(turns, channels, homes, journals, streams, vertx.eventBus(),
        maxMessageChars, graceNanos);
    channelRoutes.mount(router);
    new OpenAiRoutes(turns, config).mount(router);
    new AnthropicRoutes(turns, config).mount(router);
    new ResponsesRoutes(turns, vertx.eventBus(), journals, streams, config, graceNanos).mount(router);
    new SessionRoutes(vertx.eventBus(), models).mount(router);
    new SystemRoutes(vertx, membership, stats, config.llm(), config.node(), drain).mount(router);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.route().failureHandler(ErrorMapper::handle);
    List.of(400, 404, 405, 406, 413, 415, 500).forEach(status -> router.errorHandler(status, ErrorMapper::handle));
    return (vertx.isClustered() ? channelRoutes.serveOtherNodes(turnIds.node()) : Future.succeededFuture())
        .map(router);
  }

  /** Every API request counts against its key's requests per minute (429 beyond), before its body is read. */
  private void countRequest(RoutingContext ctx) {
    try {
      admission.request(ApiKeys.owner(ctx));
    } catch (GatewayException refused) {
      ctx.fail(refused);
      return;
    }
    ctx.next();
  }

  /** Browsers on the allowed origins may call every route; preflights are answered here, before any route. */
  private static CorsHandler cors(List<String> origins) {
    CorsHandler cors = origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    return cors.allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Content-Type", "Authorization", "Accept", "Cache-Control", "Last-Event-ID", "x-api-key",
            "anthropic-version", "anthropic-beta", "anthropic-dangerous-direct-browser-access"))
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
