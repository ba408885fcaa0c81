package dev.streamgate.journal;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.Inbox;
import dev.streamgate.bus.JournalCommand;
import dev.streamgate.bus.JournalEntries;
import dev.streamgate.cluster.Membership;
import dev.streamgate.dialect.EventId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The turn journals one HTTP verticle can read a turn back from, by turn id: this node's own; on a
 * clustered node, those of the node the turn id names, through its journal endpoint ({@link
 * Addresses#journal}), entries arriving at this verticle's entries inbox; and those a node handed over
 * to the cluster before it left ({@link JournalHandoff}). Used on the HTTP verticle's event loop.
 */
public final class Journals {

  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5000);

  private final Vertx vertx;
  private final Membership membership;
  private final EventBus bus;
  private final Channels channels;
  private final Inbox<JournalEntries> inbox;
  private final TurnIds turnIds;
  private final Set<RemoteReading> remote = new HashSet<>();

  public Journals(Vertx vertx, Membership membership, Channels channels, Inbox<JournalEntries> inbox, TurnIds turnIds) {
    this.vertx = vertx;
    this.membership = membership;
    this.bus = vertx.eventBus();
    this.channels = channels;
    this.inbox = inbox;
    this.turnIds = turnIds;
  }

  /**
   * The turn {@code turnId} to read after its entry {@code afterSeq}, as the caller with API-key owner
   * {@code owner} may. Fails 404 when the turn is unknown, another key's, expired, or ran on a node that
   * left without handing it over.
   */
  public Future<TurnReading> find(String turnId, int afterSeq, String owner) {
    TurnJournal journal = channels.journal(turnId);
    String home = turnIds.remoteHome(turnId);
    if (journal == null && home != null) {
      return follow(home, turnId, afterSeq, owner);
    }
    return local(journal, turnId, afterSeq, owner);
  }

  /**
   * True when no node runs turn {@code turnId} or keeps its journal any more: not this node (a node
   * alone mints ids without a node, so one it does not know ran before it started), and its node, when
   * the id names another, is no longer a member. A turn recorded as running that is lost never ends.
   */
  public boolean lost(String turnId) {
    if (channels.journal(turnId) != null) {
      return false;
    }
    String home = turnIds.remoteHome(turnId);
    return home == null || !membership.isMember(home);
  }

  /** Stops a running turn, wherever it runs; false when it had ended. Fails 404 as {@link #find} does. */
  public Future<Boolean> stop(String turnId, String owner) {
    TurnJournal journal = channels.journal(turnId);
    String home = turnIds.remoteHome(turnId);
    if (journal == null && home != null) {
      return bus.<JsonObject>request(Addresses.journal(home), JournalCommand.stop(turnId, owner).toJson(), ASK)
          .map(reply -> reply.body().getBoolean("stopped"))
          .recover(err -> Future.failedFuture(notFound(turnId, err)));
    }
    if (journal == null || !journal.readableBy(owner)) {
      return Future.failedFuture(notFound(turnId, null));
    }
    return Future.succeededFuture(journal.cancel());
  }

  /**
   * A stream of the event channel {@code channel} that node {@code home} keeps: the home serves it what
   * a stream open there would get ({@code resumeFrom}: the client's Last-Event-ID, or null). Start the
   * reading with the client's stream at once; it is cut when the home cannot be asked, so the client
   * reconnects.
   */
  public RemoteChannel listen(String home, String channel, EventId resumeFrom) {
    String address = Addresses.journal(home);
    String reader = UUID.randomUUID().toString();
    RemoteChannel listening = new RemoteChannel(home, () -> bus.send(address, JournalCommand.unfollow(reader).toJson()),
        turnId -> bus.send(address, JournalCommand.delivered(turnId).toJson()));
    remote.add(listening);
    listening.inboxOpened(inbox.open(reader, listening::onEntries));
    JournalCommand listen = JournalCommand.listen(channel, resumeFrom == null ? null : resumeFrom.turnId(),
        resumeFrom == null ? 0 : resumeFrom.seq(), inbox.address(), reader, turnIds.node());
    bus.request(address, listen.toJson(), ASK).onFailure(err -> listening.homeLeft());
    return listening;
  }

  /** Every second: remote readings whose home node has left the cluster end. */
  public void sweep() {
    remote.removeIf(RemoteReading::over);
    if (!remote.isEmpty()) {
      List<String> members = membership.nodes();
      remote.stream().filter(reading -> !members.contains(reading.home())).toList().forEach(RemoteReading::homeLeft);
    }
  }

  private Future<TurnReading> local(TurnJournal journal, String turnId, int afterSeq, String owner) {
    if (journal == null || !journal.readableBy(owner)) {
      return Future.failedFuture(notFound(turnId, null));
    }
    return Future.succeededFuture(TurnReading.local(journal, afterSeq));
  }

  /** Asks the home node to send the entries here; entries that beat its answer wait in the reading. */
  private Future<TurnReading> follow(String home, String turnId, int afterSeq, String owner) {
    String address = Addresses.journal(home);
    String reader = UUID.randomUUID().toString();
    RemoteFollow follow = new RemoteFollow(turnId, home, afterSeq,
        () -> bus.send(address, JournalCommand.unfollow(reader).toJson()));
    follow.inboxOpened(inbox.open(reader, follow::onEntries));
    JournalCommand ask = JournalCommand.follow(turnId, afterSeq, owner, inbox.address(), reader, turnIds.node());
    return bus.<JsonObject>request(address, ask.toJson(), ASK)
        .map(reply -> {
          remote.add(follow);
          return (TurnReading) follow.answered(reply.body());
        })
        .recover(err -> homeRefused(follow, turnId, afterSeq, owner, err));
  }

  /** The home node said no (404), or is gone: then the turn may have been handed over to the cluster. */
  private Future<TurnReading> homeRefused(RemoteFollow follow, String turnId, int afterSeq, String owner,
                                          Throwable err) {
    follow.end();
    if (!unreachable(err)) {
      return Future.failedFuture(notFound(turnId, err));
    }
    return JournalHandoff.restore(vertx, channels, turnId)
        .compose(journal -> local(journal, turnId, afterSeq, owner));
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
