package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.JournalCommand;
import dev.streamgate.channel.Channels;
import dev.streamgate.channel.EventId;
import dev.streamgate.channel.TurnJournal;
import dev.streamgate.cluster.JournalHandoff;
import dev.streamgate.cluster.Membership;
import dev.streamgate.dialect.JournalFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The turn journals one HTTP verticle can read a turn back from, by turn id: this node's own; on a
 * clustered node, those of the node the turn id names, through its journal endpoint ({@link
 * Addresses#journal}), entries arriving at this verticle's inbox; and those a node handed over to the
 * cluster before it left ({@link JournalHandoff}). Used on the HTTP verticle's event loop.
 */
final class Journals {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5000);

  private final Vertx vertx;
  private final EventBus bus;
  private final Channels channels;
  private final ChunkInbox inbox;
  private final TurnIds turnIds;
  private final StreamRegistry streams;
  private final Set<RemoteReading> remote = new HashSet<>();

  Journals(Vertx vertx, Channels channels, ChunkInbox inbox, TurnIds turnIds, StreamRegistry streams) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.channels = channels;
    this.inbox = inbox;
    this.turnIds = turnIds;
    this.streams = streams;
  }

  /**
   * Answers {@code ctx} with the turn's events after its entry {@code afterSeq}, in the format made from
   * the turn's opening, then the live rest; 204 when the turn ended by then. Fails 404 (for the route)
   * when the turn is unknown, another key's, expired, or ran on a node that left without handing it over.
   */
  Future<Void> read(RoutingContext ctx, String turnId, int afterSeq, Function<JsonObject, JournalFormat> format) {
    TurnJournal journal = channels.journal(turnId);
    String home = turnIds.remoteHome(turnId);
    if (journal == null && home != null) {
      return follow(ctx, home, turnId, afterSeq, format);
    }
    return readLocal(ctx, journal, turnId, afterSeq, format);
  }

  /** Stops a running turn, wherever it runs; false when it had ended. Fails 404 as {@link #read} does. */
  Future<Boolean> stop(RoutingContext ctx, String turnId) {
    TurnJournal journal = channels.journal(turnId);
    String home = turnIds.remoteHome(turnId);
    if (journal == null && home != null) {
      return bus.<JsonObject>request(Addresses.journal(home), JournalCommand.stop(turnId, ApiKeys.owner(ctx)).toJson(), ASK)
          .map(reply -> reply.body().getBoolean("stopped"))
          .recover(err -> Future.failedFuture(notFound(turnId, err)));
    }
    if (journal == null || !journal.readableBy(ApiKeys.owner(ctx))) {
      return Future.failedFuture(notFound(turnId, null));
    }
    return Future.succeededFuture(journal.cancel());
  }

  /**
   * Answers {@code ctx} with a stream of the event channel {@code channel} that node {@code home} keeps:
   * the home serves it what a stream open there would get ({@code resumeFrom}: the client's
   * Last-Event-ID, or null), through this verticle's inbox. Cut when the home cannot be asked, so the
   * client reconnects.
   */
  void listen(RoutingContext ctx, String home, String channel, JournalFormat format, EventId resumeFrom) {
    String address = Addresses.journal(home);
    String reader = UUID.randomUUID().toString();
    RemoteChannel listening = new RemoteChannel(home, () -> bus.send(address, JournalCommand.unfollow(reader).toJson()),
        turnId -> bus.send(address, JournalCommand.delivered(turnId).toJson()));
    listening.opened(JournalStream.start(ctx, format, false, streams, left -> listening.leave()));
    remote.add(listening);
    listening.inboxOpened(inbox.open(reader, listening::onChunk));
    JournalCommand listen = JournalCommand.listen(channel, resumeFrom == null ? null : resumeFrom.turnId(),
        resumeFrom == null ? 0 : resumeFrom.seq(), inbox.address(), reader, turnIds.node());
    bus.request(address, listen.toJson(), ASK).onFailure(err -> listening.homeLeft());
  }

  /** Every second: remote readings whose home node has left the cluster end with an error event. */
  void sweep() {
    remote.removeIf(RemoteReading::over);
    if (!remote.isEmpty()) {
      List<String> members = Membership.nodes(vertx);
      remote.stream().filter(reading -> !members.contains(reading.home())).toList().forEach(RemoteReading::homeLeft);
    }
  }

  private Future<Void> readLocal(RoutingContext ctx, TurnJournal journal, String turnId, int afterSeq,
                                 Function<JsonObject, JournalFormat> format) {
    if (journal == null || !journal.readableBy(ApiKeys.owner(ctx))) {
      return Future.failedFuture(notFound(turnId, null));
    }
    if (journal.endsBy(afterSeq)) {
      ctx.response().setStatusCode(204).end(); // nothing after it: 204 also tells an EventSource to stop
    } else {
      JournalStream.follow(ctx, journal, afterSeq, format.apply(journal.opening()), null, streams);
    }
    return Future.succeededFuture();
  }

  /** Asks the home node to send the entries here; entries that beat its answer wait in the reading. */
  private Future<Void> follow(RoutingContext ctx, String home, String turnId, int afterSeq,
                              Function<JsonObject, JournalFormat> format) {
    String address = Addresses.journal(home);
    String reader = UUID.randomUUID().toString();
    RemoteFollow follow = new RemoteFollow(reader, turnId, home, afterSeq,
        () -> bus.send(address, JournalCommand.unfollow(reader).toJson()));
    JournalCommand ask = JournalCommand.follow(turnId, afterSeq, ApiKeys.owner(ctx), inbox.address(), reader,
        turnIds.node());
    follow.inboxOpened(inbox.open(reader, follow::onChunk));
    return bus.<JsonObject>request(address, ask.toJson(), ASK)
        .compose(reply -> answer(ctx, follow, reply.body(), format),
            err -> homeRefused(ctx, follow, turnId, afterSeq, format, err));
  }

  private Future<Void> answer(RoutingContext ctx, RemoteFollow follow, JsonObject reply,
                              Function<JsonObject, JournalFormat> format) {
    if (ctx.response().closed()) {
      follow.leave(); // the client left while the home node was asked
      return Future.succeededFuture();
    }
    if (reply.getBoolean("ended", false)) {
      follow.end();
      ctx.response().setStatusCode(204).end();
      return Future.succeededFuture();
    }
    JsonObject opening = reply.getJsonObject("opening");
    JournalStream stream = JournalStream.start(ctx, format.apply(opening), true, streams, left -> follow.leave());
    remote.add(follow);
    follow.started(stream, opening);
    return Future.succeededFuture();
  }

  /** The home node said no (404), or is gone: then the turn may have been handed over to the cluster. */
  private Future<Void> homeRefused(RoutingContext ctx, RemoteFollow follow, String turnId, int afterSeq,
                                   Function<JsonObject, JournalFormat> format, Throwable err) {
    follow.end();
    if (!unreachable(err)) {
      return Future.failedFuture(notFound(turnId, err));
    }
    return JournalHandoff.restore(vertx, channels, turnId)
        .compose(journal -> readLocal(ctx, journal, turnId, afterSeq, format));
  }

  private static boolean unreachable(Throwable err) {
    return err instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT);
  }

  /** 404 for a turn not found, the home node's own failure when it was something else. */
  private static GatewayException notFound(String turnId, Throwable err) {
    GatewayException failure = err == null ? null : GatewayException.from(err);
    return failure != null && failure.status() != 404 && !unreachable(err) ? failure
        : GatewayException.notFound("No turn '" + turnId + "' (unknown, or ended more than the resume time ago)");
  }
}
