package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.cluster.Membership;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.metrics.GatewayStats;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Server information, health and statistics, and the static pages (demo, API docs). */
final class SystemRoutes {

  static final String VERSION = "0.1.0";

  private static final String OPENAPI = "webroot/openapi.json";

  private final Vertx vertx;
  private final Membership membership;
  private final EventBus bus;
  private final GatewayStats stats;
  private final GatewayConfig.Llm llm;
  private final GatewayConfig.Node node;
  private final Drain drain;
  /** {@code /openapi.yaml}'s body once converted; used on the verticle's event loop only. */
  private Future<Buffer> openApiYaml;

  SystemRoutes(Vertx vertx, Membership membership, GatewayStats stats, GatewayConfig.Llm llm, GatewayConfig.Node node,
               Drain drain) {
    this.vertx = vertx;
    this.membership = membership;
    this.bus = vertx.eventBus();
    this.stats = stats;
    this.llm = llm;
    this.node = node;
    this.drain = drain;
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> ctx.json(info()));
    router.get("/health").handler(this::health);
    router.get("/stats").handler(this::stats);
    router.get("/demo").handler(ctx -> ctx.reroute("/demo/index.html"));
    router.get("/docs").handler(ctx -> ctx.reroute("/docs/index.html"));
    // A static route strips its own prefix: /demo/app.js is served from webroot/demo/app.js.
    serve(router, "/demo/*", StaticHandler.create("webroot/demo").setCachingEnabled(false));
    serve(router, "/docs/*", StaticHandler.create("webroot/docs").setCachingEnabled(false));
    serve(router, "/openapi.json", ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .sendFile(OPENAPI).onFailure(ctx::fail));
    serve(router, "/openapi.yaml", this::openApiYaml);
    serve(router, "/webjars/*", StaticHandler.create(FileSystemAccess.RELATIVE, "META-INF/resources/webjars"));
  }

  private static void serve(Router router, String path, Handler<RoutingContext> files) {
    router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files);
  }

  /**
   * The same document as YAML (the JSON file is the one source), converted on the first request and kept:
   * the conversion takes milliseconds of the event loop.
   */
  private void openApiYaml(RoutingContext ctx) {
    if (openApiYaml == null || openApiYaml.failed()) {
      openApiYaml = ctx.vertx().fileSystem().readFile(OPENAPI)
          .map(json -> Buffer.buffer(new Yaml(yamlOptions()).dump(Json.CODEC.fromBuffer(json, Map.class))));
    }
    openApiYaml
        .onSuccess(yaml -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(yaml))
        .onFailure(ctx::fail);
  }

  private static DumperOptions yamlOptions() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(120);
    return options;
  }

  private JsonObject info() {
    return new JsonObject().put("name", "Streamgate").put("version", VERSION)
        .put("provider", llm.provider()).put("model", llm.defaultModel())
        .put("endpoints", new JsonObject()
            .put("POST /chat/stream", "Stream a chat answer as Server-Sent Events (session context kept)")
            .put("GET /streams/{turn_id}", "Resume a /chat/stream turn after a dropped connection (?after=N)")
            .put("DELETE /streams/{turn_id}", "Stop a running turn (the upstream call is aborted at once)")
            .put("POST /sessions/new", "Create a chat session")
            .put("POST /v1/chat/completions", "OpenAI-compatible chat completions, streaming or not (stateless)")
            .put("GET /v1/models", "OpenAI-compatible model list")
            .put("POST /api/v1/chat/", "Conversation API: content/metadata events, or one JSON answer")
            .put("GET /events", "Event channel (cookie): answers asked by POST /conversation; with ?message=, one answer")
            .put("GET /hello", "A greeting streamed to an EventSource (seed 001), then the server closes")
            .put("POST /conversation", "Ask into the caller's event channel (GET /events)")
            .put("POST /api/streaming", "Ask; GET /api/streaming on the same channel streams newToken/end events")
            .put("GET /api/streaming", "Token stream of the caller's channel, late connections included")
            .put("GET /sessions", "List sessions")
            .put("GET /sessions/{session_id}", "A session and its message history")
            .put("DELETE /sessions/{session_id}", "Delete a session")
            .put("POST /sessions/{session_id}/clear", "Clear a session's history")
            .put("GET /health", "Health and active streams")
            .put("GET /stats", "Server and stream statistics")
            .put("GET /docs", "Interactive API documentation")
            .put("GET /openapi.json", "The OpenAPI document")
            .put("GET /openapi.yaml", "The OpenAPI document as YAML")
            .put("GET /demo", "Streaming chat demo page"));
  }

  /**
   * Node figures, its roles and cluster membership, and the providers whose circuit breakers have seen
   * failures lately; with {@code ?probe=true}, also whether each configured provider answers and takes
   * its key (it does not change the status: a provider down is not a node down). A draining node answers
   * 503 with status {@code draining}, so a load balancer or an operator takes it out of rotation.
   */
  private void health(RoutingContext ctx) {
    JsonObject health = new JsonObject().put("status", "healthy").put("active_streams", stats.activeStreams())
        .put("uptime_seconds", stats.uptimeSeconds()).put("provider", llm.provider())
        .put("model", llm.defaultModel()).put("timestamp", Instant.now().toString())
        .put("roles", new JsonArray(node.roles())).put("cluster", cluster());
    if (drain.draining()) {
      ctx.response().setStatusCode(503).putHeader("Retry-After", "1");
      ctx.json(health.put("status", "draining").put("drain_seconds_left", drain.secondsLeft()));
      return;
    }
    boolean probe = "true".equalsIgnoreCase(ctx.queryParams().get("probe"));
    LoopAffinity.<JsonObject>request(bus, Addresses.LLM_HEALTH, new JsonObject())
        .map(upstream -> health.mergeIn(upstream.body()))
        .compose(answer -> probe ? withProbes(answer) : Future.succeededFuture(answer))
        .onSuccess(ctx::json)
        .onFailure(err -> ctx.json(health.put("status", "degraded")));
  }

  /** {@code ?probe=true}: each configured provider asked for its model list, by an upstream verticle. */
  private Future<JsonObject> withProbes(JsonObject health) {
    return LoopAffinity.<JsonObject>request(bus, Addresses.LLM_PROBE, new JsonObject())
        .map(reply -> health.mergeIn(reply.body()));
  }

  /** Membership as the cluster manager sees it (its local view: no remote call); a node alone counts itself. */
  private JsonObject cluster() {
    String nodeId = membership.nodeId();
    return nodeId == null ? new JsonObject().put("enabled", false).put("nodes", 1).putNull("node_id")
        : new JsonObject().put("enabled", true).put("nodes", membership.nodes().size()).put("node_id", nodeId);
  }

  private void stats(RoutingContext ctx) {
    LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_STATS, new JsonObject())
        .onSuccess(sessions -> ctx.json(stats.toJson().mergeIn(sessions.body())
            .put("provider", llm.provider()).put("model", llm.defaultModel()).put("framework", "Vert.x 5 + SSE")))
        .onFailure(ctx::fail);
  }
}
