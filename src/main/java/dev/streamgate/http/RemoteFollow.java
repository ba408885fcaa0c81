package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.bus.ChatChunk;
import dev.streamgate.channel.JournalEntry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client reading, through this node, a turn whose journal is on another node: the entries that
 * node's journal endpoint sends to this HTTP verticle's inbox, rebuilt with their seqs and written as
 * the very events the home node writes. Entries that arrive before the stream is open wait for it. A
 * gap in the entries cuts the stream, so its client resumes after what it got; the home node leaving
 * the cluster ends it with an error event.
 * Used on the HTTP verticle's event loop.
 */
final class RemoteFollow implements RemoteReading {

  /** A turn read alone is written in a format of its own events, none of which repeats the answer so far. */
  private static final Supplier<String> NO_ANSWER_BEFORE = () -> "";

  private final String reader;
  private final String turnId;
  private final String home;
  private final Runnable unfollow;
  private int nextSeq;
  private boolean first = true;
  private List<ChatChunk> early = new ArrayList<>();
  private JournalStream stream;
  private String sessionId;
  private Runnable closeInbox = () -> { };
  private boolean over;

  /** {@code reader}: the key its entry messages name; {@code unfollow} tells the home node it stops before the turn's end. */
  RemoteFollow(String reader, String turnId, String home, int afterSeq, Runnable unfollow) {
    this.reader = reader;
    this.turnId = turnId;
    this.home = home;
    this.unfollow = unfollow;
    this.nextSeq = afterSeq + 1;
  }

  /** The key every entry message of this reading names. */
  String reader() {
    return reader;
  }

  @Override
  public String home() {
    return home;
  }

  @Override
  public boolean over() {
    return over;
  }

  void inboxOpened(Runnable close) {
    closeInbox = close;
  }

  /** The home node accepted: from now on entries go to {@code opened}, those that came early first. */
  void started(JournalStream opened, JsonObject opening) {
    stream = opened;
    sessionId = opening.getString("session_id");
    List<ChatChunk> waiting = early;
    early = null;
    waiting.forEach(this::onChunk);
  }

  void onChunk(ChatChunk chunk) {
    if (over) {
      return;
    }
    if (stream == null) {
      early.add(chunk);
      return;
    }
    // The first entry sent is the one after the reader's, or an earlier one when it claimed more than there was.
    if (first ? chunk.seq() > nextSeq : chunk.seq() != nextSeq) {
      stream.abort();
      leave();
      return;
    }
    first = false;
    List<JournalEntry> entries = RemoteReading.entries(chunk, chunk.meta());
    nextSeq = chunk.seq() + entries.size();
    if (chunk.kind() != ChatChunk.Kind.DELTA) {
      end(); // the home node sends nothing after the last entry
    }
    stream.write(turnId, entries, NO_ANSWER_BEFORE);
  }

  /** The home node left the cluster before the turn ended: whatever it had not sent is gone with it. */
  @Override
  public void homeLeft() {
    if (over || stream == null) {
      return;
    }
    JsonObject error = new JsonObject().put("code", Failure.NODE_LOST.code())
        .put("message", "The node running this turn left the cluster before the turn ended");
    end();
    stream.write(turnId, List.of(JournalEntry.ending(nextSeq++, JournalEntry.Kind.ERROR,
        new JsonObject().put("turn_id", turnId).put("session_id", sessionId).put("error", error))), NO_ANSWER_BEFORE);
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
