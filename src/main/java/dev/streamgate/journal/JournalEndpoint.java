package dev.streamgate.journal;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalCommand;
import dev.streamgate.bus.JournalEntries;
import dev.streamgate.bus.JournalEntry;
import dev.streamgate.cluster.Membership;
import dev.streamgate.dialect.EventId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Serves this node's turn journals to the other nodes of the cluster ({@link Addresses#journal}), so a
 * client whose connection dropped can resume a turn through any node, and the event channels this node
 * keeps to streams of them open on other nodes. One clustered consumer per node,
 * registered at start: a turn nobody resumes elsewhere costs nothing here. A follow registers a reader
 * on the journal ({@link TurnJournal#follow}: replay, then live, under one lock, so no entry is lost or
 * doubled between the two) whose entries are sent from this verticle's event loop, hence in order, to
 * the asking HTTP verticle's inbox. A reader ends with its turn, when it unfollows, or when its node
 * leaves the cluster.
 */
public final class JournalEndpoint extends VerticleBase {

  private static final long SWEEP_MS = 1000;

  private final Channels channels;
  private final Membership membership;
  private final Map<String, RemoteReader> readers = new HashMap<>();

  /** {@code channels}: the node's journals, shared with its HTTP verticles. */
  public JournalEndpoint(Channels channels, Membership membership) {
    this.channels = channels;
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(SWEEP_MS, id -> dropReadersOfDepartedNodes());
    return vertx.eventBus().<JsonObject>consumer(Addresses.journal(membership.nodeId()), this::handle)
        .completion();
  }

  private void handle(Message<JsonObject> msg) {
    JournalCommand command = JournalCommand.fromJson(msg.body());
    switch (command.action()) {
      case FOLLOW -> follow(msg, command);
      case LISTEN -> listen(msg, command);
      case DELIVERED -> delivered(command.turnId());
      case UNFOLLOW -> unfollow(command.reader());
      case STOP -> stop(msg, command);
    }
  }

  private void follow(Message<JsonObject> msg, JournalCommand command) {
    TurnJournal journal = readable(msg, command);
    if (journal == null) {
      return;
    }
    if (journal.endsBy(command.after())) {
      msg.reply(new JsonObject().put("ended", true));
      return;
    }
    RemoteReader reader = new RemoteReader(command, journal);
    readers.put(command.reader(), reader);
    msg.reply(new JsonObject().put("opening", journal.opening()));
    journal.follow(reader, command.after());
  }

  /** A stream of one of this node's channels, open on another node: it gets what a local one would. */
  private void listen(Message<JsonObject> msg, JournalCommand command) {
    RemoteReader reader = new RemoteReader(command, null);
    readers.put(command.reader(), reader);
    msg.reply(new JsonObject());
    EventId resume = command.turnId() == null ? null : new EventId(command.turnId(), command.after());
    channels.listen(command.channel(), reader, resume);
  }

  /** A stream on another node wrote the turn to its end: a later stream of the channel need not be given it. */
  private void delivered(String turnId) {
    TurnJournal journal = channels.journal(turnId);
    if (journal != null) {
      journal.delivered();
    }
  }

  private void unfollow(String key) {
    RemoteReader reader = readers.remove(key);
    if (reader == null) {
      return;
    }
    if (reader.channel != null) {
      channels.leave(reader.channel, reader);
    } else {
      reader.journal.unfollow(reader, System.nanoTime());
    }
  }

  private void stop(Message<JsonObject> msg, JournalCommand command) {
    TurnJournal journal = readable(msg, command);
    if (journal != null) {
      msg.reply(new JsonObject().put("stopped", journal.cancel()));
    }
  }

  /** The journal the command names if its caller may read it; else null, the request answered 404. */
  private TurnJournal readable(Message<JsonObject> msg, JournalCommand command) {
    TurnJournal journal = channels.journal(command.turnId());
    if (journal == null || !journal.readableBy(command.owner())) {
      msg.fail(404, "No turn '" + command.turnId() + "' (unknown, or ended more than the resume time ago)");
      return null;
    }
    return journal;
  }

  /** A reader whose node has left would keep its turn looking read (no grace-period cancel) for nothing. */
  private void dropReadersOfDepartedNodes() {
    if (readers.isEmpty()) {
      return;
    }
    List<String> members = membership.nodes();
    new ArrayList<>(readers.values()).stream().filter(reader -> !members.contains(reader.node))
        .forEach(reader -> unfollow(reader.key));
  }

  /**
   * One remote reading, of one journal ({@code follow}) or of a channel's ({@code listen}): entries, as
   * {@link JournalEntries} to the reader's inbox, each naming its turn.
   */
  private final class RemoteReader implements JournalReader {
    private final String key;
    private final String inbox;
    private final String node;
    private final TurnJournal journal;
    private final String channel;
    /** The channel's turns this reader has been sent entries of and not yet their last. */
    private final Set<String> reading = new HashSet<>();

    RemoteReader(JournalCommand command, TurnJournal journal) {
      this.key = command.reader();
      this.inbox = command.inbox();
      this.node = command.node();
      this.journal = journal;
      this.channel = command.channel();
    }

    /** Called with the journal's lock held, from any thread: sent from this verticle's loop, in offer order. */
    @Override
    public void offer(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore, Runnable delivered) {
      context.runOnContext(v -> send(turnId, entries, answerBefore));
    }

    private void send(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
      if (readers.get(key) != this) {
        return; // unfollowed meanwhile
      }
      List<Delta> deltas = new ArrayList<>(entries.size());
      JournalEntry last = null;
      for (JournalEntry entry : entries) {
        if (entry.last()) {
          last = entry;
        } else {
          deltas.add(entry.delta());
        }
      }
      // A channel's stream that reads a turn from its middle is told the answer before it, once.
      int first = entries.get(0).seq();
      String before = channel != null && reading.add(turnId) && first > 1 ? answerBefore.get() : null;
      vertx.eventBus().send(inbox, new JournalEntries(key, turnId, first, deltas, last == null ? null : last.kind(),
          last == null ? null : last.end(), before));
      if (last != null) {
        if (channel == null) {
          readers.remove(key);
        } else {
          reading.remove(turnId);
        }
      }
    }
  }
}
