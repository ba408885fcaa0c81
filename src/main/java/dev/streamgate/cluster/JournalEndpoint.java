package dev.streamgate.cluster;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.JournalCommand;
import dev.streamgate.channel.Channels;
import dev.streamgate.channel.EventId;
import dev.streamgate.channel.JournalEntry;
import dev.streamgate.channel.JournalReader;
import dev.streamgate.channel.TurnJournal;
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
  private final Map<String, RemoteReader> readers = new HashMap<>();

  /** {@code channels}: the node's journals, shared with its HTTP verticles. */
  public JournalEndpoint(Channels channels) {
    this.channels = channels;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(SWEEP_MS, id -> dropReadersOfDepartedNodes());
    return vertx.eventBus().<JsonObject>consumer(Addresses.journal(Membership.nodeId(vertx)), this::handle)
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
    List<String> members = Membership.nodes(vertx);
    new ArrayList<>(readers.values()).stream().filter(reader -> !members.contains(reader.node))
        .forEach(reader -> unfollow(reader.key));
  }

  /**
   * One remote reading, of one journal ({@code follow}) or of a channel's ({@code listen}): entries, as
   * chunks to the reader's inbox; a channel reading's messages name their turn in {@code meta}.
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
    public void offer(TurnJournal journal, List<JournalEntry> entries) {
      context.runOnContext(v -> send(journal, entries));
    }

    private void send(TurnJournal journal, List<JournalEntry> entries) {
      if (readers.get(key) != this) {
        return; // unfollowed meanwhile
      }
      List<String> texts = new ArrayList<>(entries.size());
      JournalEntry last = null;
      for (JournalEntry entry : entries) {
        if (entry.last()) {
          last = entry;
        } else {
          texts.add(entry.text());
        }
      }
      JsonObject turn = channel == null ? null : turn(journal, entries.get(0).seq());
      if (!texts.isEmpty()) {
        vertx.eventBus().send(inbox, new ChatChunk(key, entries.get(0).seq(), ChatChunk.Kind.DELTA, texts, turn));
      }
      if (last != null) {
        ChatChunk.Kind kind = last.kind() == JournalEntry.Kind.DONE ? ChatChunk.Kind.DONE : ChatChunk.Kind.ERROR;
        JsonObject meta = channel == null ? last.end() : turn.copy().put("end", last.end()); // the deltas' may not be encoded yet
        vertx.eventBus().send(inbox, new ChatChunk(key, last.seq(), kind, List.of(), meta));
        if (channel == null) {
          readers.remove(key);
        } else {
          reading.remove(journal.turnId());
        }
      }
    }

    /** A channel's message names its turn; the first of a turn read from its middle, the text before it. */
    private JsonObject turn(TurnJournal journal, int firstSeq) {
      JsonObject turn = new JsonObject().put("turn_id", journal.turnId());
      if (reading.add(journal.turnId()) && firstSeq > 1) {
        turn.put("before", journal.textBefore(firstSeq));
      }
      return turn;
    }
  }
}
