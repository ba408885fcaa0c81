package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.StreamControl;
import dev.streamgate.bus.TurnAccepted;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.metrics.UpstreamMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Owns the upstream model calls: accepts turns on {@link Addresses#LLM_CHAT_START} (with
 * {@link LoopAffinity}, one instance per core), routes each to its providers ({@link ModelRouter}),
 * streams the answer as chunks to the turn's address, and takes cancel/pause/resume on its own
 * control address. One periodic sweep enforces the first-token, idle and whole-turn time-outs of every
 * running turn, instead of a timer per turn. Also answers {@link Addresses#LLM_PROBE}: whether each
 * configured provider answers and takes its key ({@link ProviderProbe}).
 */
public final class LlmVerticle extends VerticleBase {

  private static final long SWEEP_MS = 100;

  private final GatewayConfig.Llm config;
  private final ProviderBreakers breakers;
  private final UpstreamMetrics metrics;
  private final ModelRouter router;
  private final Map<String, RunningTurn> running = new HashMap<>();
  private final String controlAddress = Addresses.llmControl(UUID.randomUUID().toString());
  private Map<String, Provider> providers;
  private ProviderFit fit;
  private ProviderProbe probe;
  private boolean draining;

  /** A turn in flight: what reports it and what can stop it. */
  private record RunningTurn(TurnEmitter emitter, ResilientTurn turn) {
  }

  /** {@code breakers} and {@code metrics} are the node's, shared by all its upstream verticles. */
  public LlmVerticle(GatewayConfig.Llm config, ProviderBreakers breakers, UpstreamMetrics metrics) {
    this.config = config;
    this.breakers = breakers;
    this.metrics = metrics;
    this.router = new ModelRouter(config);
  }

  @Override
  public Future<?> start() {
    long connect = config.connectTimeoutMs();
    providers = Map.of(
        "mock", new MockProvider(vertx, config.mock()),
        "openai", new HttpProvider(vertx, new OpenAiApi(config.openai()), connect),
        "anthropic", new HttpProvider(vertx, new AnthropicApi(config.anthropic()), connect),
        "gemini", new HttpProvider(vertx, new GeminiApi(config.gemini()), connect),
        "ollama", new HttpProvider(vertx, new OllamaApi(config.ollama()), connect));
    providers.keySet().forEach(name -> metrics.breaker(name, breakers, b -> b.level(name)));
    fit = new ProviderFit(providers, config.dropUnsupported());
    probe = new ProviderProbe(vertx, config, ProviderProbe.TIMEOUT_MS);
    vertx.setPeriodic(SWEEP_MS, id -> expireStalledTurns());
    return Future.all(
        LoopAffinity.serve(vertx.eventBus(), Addresses.LLM_CHAT_START, this::startTurn),
        LoopAffinity.<JsonObject>serve(vertx.eventBus(), Addresses.LLM_ROUTE, this::route),
        LoopAffinity.serve(vertx.eventBus(), Addresses.LLM_COUNT_TOKENS, this::countTokens),
        LoopAffinity.<JsonObject>serve(vertx.eventBus(), Addresses.LLM_HEALTH, msg -> msg.reply(health())),
        LoopAffinity.<JsonObject>serve(vertx.eventBus(), Addresses.LLM_PROBE, this::serveProbe),
        controls().completion());
  }

  /** Clustered, the turn's HTTP verticle may be on another node: the control address is then registered cluster-wide (once). */
  private MessageConsumer<JsonObject> controls() {
    return vertx.isClustered() ? vertx.eventBus().consumer(controlAddress, this::control)
        : vertx.eventBus().localConsumer(controlAddress, this::control);
  }

  @Override
  public Future<?> stop() {
    running.values().forEach(turn -> turn.turn().cancel());
    return Future.succeededFuture();
  }

  /**
   * The node is draining: this verticle takes no new turn (it refuses with {@link LoopAffinity#STOPPING},
   * so the asking node asks an upstream verticle of a node that stays; unregistering instead would leave
   * the starts already on their way, or sent before the news spreads, unanswered for the bus time-out)
   * and completes once its running turns have ended; those still running at the deadline end with a
   * {@code shutdown} error chunk, so their HTTP side, on this node or another, ends them cleanly and
   * stores what was said.
   */
  public Future<Void> drain(Drain drain) {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      draining = true;
      drain.settle(vertx, running::isEmpty, this::interruptAll).onComplete(drained);
    });
    return drained.future();
  }

  /** Each turn's receiver is told it ends ({@code shutdown}) before its call is cancelled, which ends it silently. */
  private void interruptAll() {
    new ArrayList<>(running.values()).forEach(turn -> {
      turn.emitter().fail(UpstreamFailure.fatal(Failure.SHUTDOWN,
          "The node generating this answer is shutting down; the answer so far is stored as interrupted"));
      turn.turn().cancel();
    });
  }

  /**
   * Where a turn would go, asked before anything is stored ({@link Addresses#LLM_ROUTE}): the provider
   * and model, and what of the turn's {@code asks} it would refuse ({@code refused}, with the
   * {@code message} for the client) or drop.
   */
  private void route(Message<JsonObject> msg) {
    String model = msg.body().getString("model");
    List<ModelRouter.Target> plan = router.plan(model);
    if (plan.isEmpty()) {
      msg.fail(400, router.unknown(model));
      return;
    }
    JsonArray asks = msg.body().getJsonArray("asks", new JsonArray());
    ProviderFit.Verdict verdict = fit.judge(plan.get(0), asks.stream().map(String.class::cast).toList());
    msg.reply(new JsonObject().put("provider", plan.get(0).provider()).put("model", plan.get(0).model())
        .put("refused", new JsonArray(verdict.refused())).put("dropped", new JsonArray(verdict.dropped()))
        .put("message", verdict.refuses() ? verdict.message() : null));
  }

  private void startTurn(Message<Object> msg) {
    if (draining) {
      msg.fail(LoopAffinity.STOPPING, "This node's upstream service is shutting down");
      return;
    }
    LlmRequest request = LlmRequest.of(msg.body());
    List<ModelRouter.Target> route = router.plan(request.model());
    if (route.isEmpty()) {
      msg.fail(400, router.unknown(request.model()));
      return;
    }
    // The history may ask more than the new message did (an image a text-only provider cannot take).
    List<ProviderFit.Planned> plan = fit.plan(route, request);
    if (plan == null) {
      msg.fail(400, fit.judge(route.get(0), request.asks()).message());
      return;
    }
    TurnEmitter emitter = new TurnEmitter(vertx.eventBus(), request.turnId(), request.inbox(), () -> running.remove(request.turnId()));
    ResilientTurn turn = new ResilientTurn(vertx, plan, providers, breakers, metrics, config.resilience(), emitter);
    msg.reply(new TurnAccepted(route.get(0).provider(), route.get(0).model(), controlAddress));
    running.put(request.turnId(), new RunningTurn(emitter, turn));
    turn.start();
  }

  /** With the provider that would answer first (a fallback's count could differ; it is not asked). */
  private void countTokens(Message<Object> msg) {
    LlmRequest request = LlmRequest.of(msg.body());
    List<ModelRouter.Target> route = router.plan(request.model());
    if (route.isEmpty()) {
      msg.fail(400, router.unknown(request.model()));
      return;
    }
    ModelRouter.Target target = route.get(0);
    JsonObject answer = new JsonObject().put("provider", target.provider()).put("model", target.model());
    providers.get(target.provider()).countTokens(request, target.model())
        .onSuccess(tokens -> msg.reply(tokens == null ? answer : answer.put("input_tokens", tokens)))
        .onFailure(err -> msg.fail(502, err instanceof ProviderFailure refused ? refused.getMessage()
            : "The connection to " + target.provider() + " was lost while it counted tokens"));
  }

  private void control(Message<JsonObject> msg) {
    StreamControl command = StreamControl.fromJson(msg.body());
    RunningTurn turn = running.get(command.turnId());
    if (turn == null) {
      return;
    }
    switch (command.action()) {
      case CANCEL -> turn.turn().cancel();
      case PAUSE -> turn.turn().pause();
      case RESUME -> turn.turn().resume();
    }
  }

  private JsonObject health() {
    return new JsonObject().put("providers", breakers.toJson());
  }

  private void serveProbe(Message<JsonObject> msg) {
    probe.probes().onSuccess(probes -> msg.reply(new JsonObject().put("probes", probes)))
        .onFailure(err -> msg.fail(500, "The provider probe failed"));
  }

  private void expireStalledTurns() {
    long now = System.nanoTime();
    long turnNanos = config.resilience().turnTimeoutMs() * 1_000_000;
    List<Runnable> expiries = new ArrayList<>();
    running.values().forEach(turn -> {
      String reason = turn.emitter().stalled(now, config.firstTokenTimeoutMs(), config.idleTimeoutMs(),
          config.resilience().turnTimeoutMs());
      if (reason != null) {
        boolean turnOver = turn.emitter().age(now) > turnNanos;
        expiries.add(() -> turn.turn().timedOut(reason, turnOver));
      }
    });
    expiries.forEach(Runnable::run);
  }
}
