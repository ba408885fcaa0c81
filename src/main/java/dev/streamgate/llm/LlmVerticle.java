package dev.streamgate.llm;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.StreamControl;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Owns the upstream model calls: accepts turns on {@link Addresses#LLM_CHAT_START} (with
 * {@link LoopAffinity}, one instance per core), streams each
 * answer as chunks to the turn's address, and takes cancel/pause/resume on its own control address.
 * One periodic sweep enforces the first-token and idle time-outs of every running turn, instead of a
 * timer per turn.
 */
public final class LlmVerticle extends VerticleBase {

  private static final long SWEEP_MS = 100;

  private final GatewayConfig.Llm config;
  private final Map<String, RunningTurn> running = new HashMap<>();
  private final String controlAddress = Addresses.llmControl(UUID.randomUUID().toString());
  private Map<String, Provider> providers;

  /** A turn in flight: what reports it and what can stop it. */
  private record RunningTurn(TurnEmitter emitter, Generation generation) {
  }

  public LlmVerticle(GatewayConfig.Llm config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    providers = Map.of(
        "mock", new MockProvider(vertx, config.mock()),
        "openai", new HttpProvider(vertx, new OpenAiApi(config.openai()), config.connectTimeoutMs()),
        "anthropic", new HttpProvider(vertx, new AnthropicApi(config.anthropic()), config.connectTimeoutMs()),
        "gemini", new HttpProvider(vertx, new GeminiApi(config.gemini()), config.connectTimeoutMs()),
        "ollama", new HttpProvider(vertx, new OllamaApi(config.ollama()), config.connectTimeoutMs()));
    vertx.setPeriodic(SWEEP_MS, id -> expireStalledTurns());
    return Future.all(
        LoopAffinity.serve(vertx.eventBus(), Addresses.LLM_CHAT_START, this::startTurn),
        vertx.eventBus().<JsonObject>localConsumer(controlAddress, this::control).completion());
  }

  @Override
  public Future<?> stop() {
    running.values().forEach(turn -> turn.generation().cancel());
    return Future.succeededFuture();
  }

  private void startTurn(Message<JsonObject> msg) {
    LlmRequest request = LlmRequest.fromJson(msg.body());
    Provider provider = providers.get(config.provider());
    String model = request.model().isEmpty() ? config.defaultModel() : request.model();
    TurnEmitter emitter = new TurnEmitter(vertx.eventBus(), request.turnId(), provider.name(), model,
        () -> running.remove(request.turnId()));
    msg.reply(new JsonObject().put("provider", provider.name()).put("model", model).put("control", controlAddress));
    Generation generation = provider.start(request, model, emitter);
    if (!emitter.finished()) {
      running.put(request.turnId(), new RunningTurn(emitter, generation));
    }
  }

  private void control(Message<JsonObject> msg) {
    StreamControl command = StreamControl.fromJson(msg.body());
    RunningTurn turn = running.get(command.turnId());
    if (turn == null) {
      return;
    }
    switch (command.action()) {
      case CANCEL -> {
        turn.emitter().close();
        turn.generation().cancel();
      }
      case PAUSE -> {
        turn.emitter().paused(true);
        turn.generation().pause();
      }
      case RESUME -> {
        turn.emitter().paused(false);
        turn.generation().resume();
      }
    }
  }

  private void expireStalledTurns() {
    long now = System.nanoTime();
    List<Runnable> expiries = new ArrayList<>();
    running.values().forEach(turn -> {
      String reason = turn.emitter().stalled(now, config.firstTokenTimeoutMs(), config.idleTimeoutMs());
      if (reason != null) {
        expiries.add(() -> {
          turn.generation().cancel();
          turn.emitter().fail("timeout", reason);
        });
      }
    });
    expiries.forEach(Runnable::run);
  }
}
