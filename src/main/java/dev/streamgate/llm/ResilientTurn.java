package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.Resilience;
import dev.streamgate.metrics.UpstreamMetrics;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn's way through its targets: each provider of the route in turn, each retried with back-off
 * on failures that may pass, skipped while its circuit breaker is open. All of that only until the
 * first token: once text reached the client a failure ends the turn, so an answer is never duplicated
 * or spliced from two calls. Runs on the upstream verticle's event loop.
 */
final class ResilientTurn implements Generation {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientTurn.class);

  private final Vertx vertx;
  private final Deque<ProviderFit.Planned> targets;
  private final Map<String, Provider> providers;
  private final ProviderBreakers breakers;
  private final UpstreamMetrics metrics;
  private final Resilience resilience;
  private final TurnEmitter emitter;
  private ModelRouter.Target target;
  private LlmRequest request;
  private Attempt current;
  private int retries;
  private long timer = -1;

  /** {@code plan}: the targets that can take the turn, each with its request ({@link ProviderFit}). */
  ResilientTurn(Vertx vertx, List<ProviderFit.Planned> plan, Map<String, Provider> providers,
      ProviderBreakers breakers, UpstreamMetrics metrics, Resilience resilience, TurnEmitter emitter) {
    this.vertx = vertx;
    this.targets = new ArrayDeque<>(plan);
    this.providers = providers;
    this.breakers = breakers;
    this.metrics = metrics;
    this.resilience = resilience;
    this.emitter = emitter;
  }

  void start() {
    next(null);
  }

  /** Moves to the next target whose breaker lets it through; {@code last} is why the previous one failed. */
  private void next(UpstreamFailure last) {
    retries = 0;
    UpstreamFailure reason = last;
    String failed = last == null ? null : target.provider();
    while (!targets.isEmpty()) {
      ProviderFit.Planned planned = targets.poll();
      target = planned.target();
      request = planned.request();
      if (breakers.allows(target.provider())) {
        if (failed != null) {
          metrics.fallback(failed, target.provider());
        }
        planned.dropped().forEach(name -> LOG.info("Turn {}: '{}' dropped for {} (model {}), which cannot honour it"
            + " (llm.unsupportedParameters: drop)", request.turnId(), name, target.provider(), target.model()));
        attempt();
        return;
      }
      reason = UpstreamFailure.transientFailure(Failure.UPSTREAM_UNAVAILABLE,
          target.provider() + " is failing repeatedly and is skipped for a while");
    }
    emitter.fail(reason);
  }

  private void attempt() {
    timer = -1;
    emitter.attempt(target.provider(), target.model());
    current = new Attempt(target.provider());
    current.generation = providers.get(target.provider()).start(request, target.model(), current);
  }

  /** A failure before the first token: retry this target, or try the next, or give up. */
  private void recover(UpstreamFailure failure) {
    long delay = failure.retryable() && retries < resilience.retryAttempts()
        ? RetryPolicy.delayMs(resilience, retries, failure.retryAfterMs()) : -1;
    if (delay >= 0) {
      retries++;
      metrics.retry(target.provider());
      emitter.attempt(target.provider(), target.model());
      timer = vertx.setTimer(Math.max(1, delay), id -> attempt());
    } else {
      next(failure);
    }
  }

  /** A timeout seen by the upstream verticle's sweep: before the first token the next target may still answer. */
  void timedOut(String reason, boolean turnOver) {
    vertx.cancelTimer(timer);
    current.generation.cancel();
    current.active = false;
    UpstreamFailure failure = UpstreamFailure.fatal(Failure.TIMEOUT, reason);
    metrics.error(target.provider(), failure.code());
    if (turnOver || emitter.answering()) {
      emitter.fail(failure);
    } else {
      breakers.failed(target.provider());
      next(failure);
    }
  }

  /** The receiver cancelled the turn (its client left, a stop): nothing more is sent, the call is aborted. */
  @Override
  public void cancel() {
    emitter.close();
    vertx.cancelTimer(timer);
    if (current != null) {
      current.active = false;
      current.generation.cancel();
    }
  }

  /** The client cannot keep up: the call stops reading (a call starting meanwhile asks the turn, see {@link ChunkSink#paused}). */
  @Override
  public void pause() {
    emitter.paused(true);
    if (current != null && current.generation != null) {
      current.generation.pause();
    }
  }

  @Override
  public void resume() {
    emitter.paused(false);
    if (current != null && current.generation != null) {
      current.generation.resume();
    }
  }

  /** The sink of one call: forwards to the turn while it is the current call, and decides on failures. */
  private final class Attempt implements ChunkSink {
    private final String provider;
    private Generation generation;
    private boolean active = true;

    Attempt(String provider) {
      this.provider = provider;
    }

    @Override
    public void delta(Delta delta) {
      if (active) {
        emitter.delta(delta);
      }
    }

    @Override
    public void flush() {
      if (active) {
        emitter.flush();
      }
    }

    @Override
    public boolean paused() {
      return emitter.paused();
    }

    @Override
    public void done(String finishReason, Usage usage) {
      if (active) {
        active = false;
        breakers.succeeded(provider);
        emitter.done(finishReason, usage);
      }
    }

    @Override
    public void fail(UpstreamFailure failure) {
      if (!active) {
        return;
      }
      active = false;
      breakers.failed(provider);
      metrics.error(provider, failure.code());
      if (emitter.answering() || emitter.ended()) {
        emitter.fail(failure);
      } else {
        recover(failure);
      }
    }
  }
}
