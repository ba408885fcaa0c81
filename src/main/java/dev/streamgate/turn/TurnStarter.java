package dev.streamgate.turn;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Inbox;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.journal.Channels;
import dev.streamgate.journal.TurnIds;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.limits.Admission;
import dev.streamgate.limits.Slot;
import dev.streamgate.session.SessionLimits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.function.Function;

/**
 * Starts every turn, whatever the route: refused before anything is stored while the node drains
 * (503, the client asks another node) or when the key's or the node's running turns are at their limit
 * (429/503); then the model is checked, the session (if any) records the user message and hands back
 * the context, and the turn streams. The turn's slot is held until it ends, and given back at once if it
 * never starts. Fails (for the route's error handler) only before the response starts.
 */
public final class TurnStarter {

  private final TurnServices services;
  private final Models models;
  private final TurnIds turnIds;
  private final Drain drain;
  private final StreamHooks hooks;
  private final Admission admission;

  /**
   * The turns of one HTTP verticle: its chunk {@code inbox} and {@code streams}, the node's
   * {@code channels}, {@code drain} and {@code admission}.
   */
  public TurnStarter(EventBus bus, Inbox<ChatChunk> inbox, Channels channels, StreamRegistry streams, Models models,
                     TurnIds turnIds, Drain drain, Admission admission) {
    this.services = new TurnServices(bus, inbox, channels, streams);
    this.models = models;
    this.turnIds = turnIds;
    this.drain = drain;
    this.hooks = streams;
    this.admission = admission;
  }

  /** A turn of text alone kept in a session (the dialects that ask nothing more). */
  public Future<TurnStream> start(TurnBegin begin, Audience audience) {
    return start(begin, TurnOptions.NONE, audience);
  }

  /** A new turn's id, for a dialect that names what it keeps after the turn (a response's id). */
  public String newTurnId() {
    return turnIds.next();
  }

  public Future<TurnStream> start(TurnBegin begin, TurnOptions options, Audience audience) {
    return start(turnIds.next(), begin, options, audience);
  }

  /**
   * A turn kept in a session: the session service records what the turn adds (tool results, the user
   * message) and gives the context; {@code options} are the turn's own, not kept.
   */
  public Future<TurnStream> start(String turnId, TurnBegin begin, TurnOptions options, Audience audience) {
    return admitted(begin.owner(), slot -> models.known(begin.model(), options.asks(begin.messages()))
        .compose(v -> LoopAffinity.request(services.bus(), Addresses.SESSION_TURN_BEGIN, begin)
            .recover(err -> Future.failedFuture(SessionLimits.explain(err))))
        .map(reply -> TurnContext.of(reply.body()))
        .compose(context -> stream(turnId, context, options, audience, slot)));
  }

  /**
   * A turn without session: the conversation comes in the request. The client names {@code model} (null:
   * the default); {@code audience} is given the concrete model that will answer it, which it reports.
   */
  public Future<TurnStream> start(String owner, String model, String defaultModel, List<ChatMessage> messages,
                                  TurnOptions options, Function<String, Audience> audience) {
    return start(turnIds.next(), owner, model, defaultModel, messages, options, audience);
  }

  public Future<TurnStream> start(String turnId, String owner, String model, String defaultModel,
                                  List<ChatMessage> messages, TurnOptions options, Function<String, Audience> audience) {
    String requested = model == null ? defaultModel : model;
    // The upstream gets the name the client sent (aliases route); the client sees the concrete model.
    return admitted(owner, slot -> models.resolve(model, options.asks(messages))
        .compose(concrete -> stream(turnId, new TurnContext(null, requested, false, messages, 0), options,
            audience.apply(concrete == null ? requested : concrete), slot)));
  }

  private Future<TurnStream> stream(String turnId, TurnContext context, TurnOptions options, Audience audience,
                                    Slot slot) {
    return new TurnStream(services, turnId, context, options, audience, new SlotRelease(hooks, slot)).start();
  }

  /** Runs {@code start} holding a turn slot of {@code owner}'s, given back if the turn does not start. */
  private Future<TurnStream> admitted(String owner, Function<Slot, Future<TurnStream>> start) {
    if (drain.draining()) {
      return Future.failedFuture(GatewayException.draining());
    }
    Slot slot;
    try {
      slot = admission.turn(owner);
    } catch (GatewayException refused) {
      return Future.failedFuture(refused);
    }
    return start.apply(slot).onFailure(err -> slot.release());
  }
}
