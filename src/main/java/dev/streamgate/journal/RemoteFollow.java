package dev.streamgate.journal;

import dev.streamgate.Failure;
import dev.streamgate.bus.JournalEntries;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client reading, through this node, a turn whose journal is on another node: the entries that
 * node's journal endpoint sends to this HTTP verticle's entries inbox, handed to the reader with their
 * seqs, so it writes the very events the home node writes. Entries that arrive before the reader
 * follows wait for it. A gap in the entries cuts the reader's stream, so its client resumes after what
 * it got; the home node leaving the cluster ends it with a {@code node_lost} error entry.
 * Used on the HTTP verticle's event loop.
 */
final class RemoteFollow implements RemoteReading, TurnReading {

  /** A turn read alone is written in a format of its own events, none of which repeats the answer so far. */
  private static final Supplier<String> NO_ANSWER_BEFORE = () -> "";
  private static final Runnable NOT_A_CHANNEL = () -> { };

  private final String turnId;
  private final String home;
  private final Runnable unfollow;
  private int nextSeq;
  private boolean first = true;
  private List<JournalEntries> early = new ArrayList<>();
  private JournalReader reader;
  private JsonObject opening;
  private boolean ended;
  private Runnable closeInbox = () -> { };
  private boolean over;

  /** {@code unfollow} tells the home node the reader stops before the turn's end. */
  RemoteFollow(String turnId, String home, int afterSeq, Runnable unfollow) {
    this.turnId = turnId;
    this.home = home;
    this.unfollow = unfollow;
    this.nextSeq = afterSeq + 1;
  }

  void inboxOpened(Runnable close) {
    closeInbox = close;
  }

  /** The home node's answer: the turn's opening, or that nothing is left after the reader's place. */
  RemoteFollow answered(JsonObject reply) {
    ended = reply.getBoolean("ended", false);
    opening = reply.getJsonObject("opening");
    if (ended) {
      end();
    }
    return this;
  }

  @Override
  public JsonObject opening() {
    return opening;
  }

  @Override
  public boolean ended() {
    return ended;
  }

  /** From now on entries go to {@code follower}, those that came early first. */
  @Override
  public void follow(JournalReader follower) {
    reader = follower;
    List<JournalEntries> waiting = early;
    early = null;
    waiting.forEach(this::onEntries);
  }

  @Override
  public void leave(JournalReader follower) {
    leave();
  }

  @Override
  public String home() {
    return home;
  }

  @Override
  public boolean over() {
    return over;
  }

  void onEntries(JournalEntries message) {
    if (over) {
      return;
    }
    if (reader == null) {
      early.add(message);
      return;
    }
    // The first entry sent is the one after the reader's, or an earlier one when it claimed more than there was.
    if (first ? message.seq() > nextSeq : message.seq() != nextSeq) {
      reader.cut();
      leave();
      return;
    }
    first = false;
    List<JournalEntry> entries = message.entries();
    nextSeq = message.seq() + entries.size();
    if (message.ends()) {
      end(); // the home node sends nothing after the last entry
    }
    reader.offer(turnId, entries, NO_ANSWER_BEFORE, NOT_A_CHANNEL);
  }

  /** The home node left the cluster before the turn ended: whatever it had not sent is gone with it. */
  @Override
  public void homeLeft() {
    if (over || reader == null) {
      return;
    }
    JsonObject error = new JsonObject().put("code", Failure.NODE_LOST.code())
        .put("message", "The node running this turn left the cluster before the turn ended");
    end();
    reader.offer(turnId, List.of(JournalEntry.ending(nextSeq++, JournalEntry.Kind.ERROR, new JsonObject()
        .put("turn_id", turnId).put("session_id", opening.getString("session_id")).put("error", error))),
        NO_ANSWER_BEFORE, NOT_A_CHANNEL);
  }

  /** The client left (or its stream was cut) before the turn's end. */
  void leave() {
    if (!over) {
      end();
      unfollow.run();
    }
  }

  /** The reading ends here: no more entries are taken. */
  void end() {
    over = true;
    closeInbox.run();
  }
}
