package dev.streamgate.journal;

import dev.streamgate.bus.JournalEntries;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client's stream, through this node, of an event channel another node keeps (its home): the
 * entries of the channel's turns that the home's journal endpoint sends to this HTTP verticle's entries
 * inbox, each message naming its turn, handed to the stream as a stream on the home would get them. A
 * gap in a turn's entries, or the home leaving the cluster, cuts the stream: its EventSource reconnects
 * with the last id it got and is served the rest by whichever node then keeps the channel.
 * Used on the HTTP verticle's event loop.
 */
public final class RemoteChannel implements RemoteReading {

  private final String home;
  private final Runnable unlisten;
  private final Consumer<String> delivered;
  private JournalReader stream;
  /** The seq each running turn's next message must start with. */
  private final Map<String, Integer> nextSeqs = new HashMap<>();
  private Runnable closeInbox = () -> { };
  private boolean over;

  /**
   * {@code unlisten} tells the home node the stream has ended; {@code delivered}, that it wrote a turn
   * (by id) to its end, so a stream of the channel opened later is not given it again.
   */
  RemoteChannel(String home, Runnable unlisten, Consumer<String> delivered) {
    this.home = home;
    this.unlisten = unlisten;
    this.delivered = delivered;
  }

  /** The client's stream is open: entries go to it from now on. */
  public void start(JournalReader opened) {
    stream = opened;
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

  void onEntries(JournalEntries message) {
    if (over || stream == null) {
      return;
    }
    String turnId = message.turnId();
    // A turn's first message may start anywhere (a resumed turn starts after the client's last id).
    Integer expected = nextSeqs.get(turnId);
    if (expected != null && message.seq() != expected) {
      cut();
      return;
    }
    if (message.ends()) {
      nextSeqs.remove(turnId);
    } else {
      nextSeqs.put(turnId, message.seq() + message.deltas().size());
    }
    String before = message.before() == null ? "" : message.before();
    stream.offer(turnId, message.entries(), () -> before, () -> delivered.accept(turnId));
  }

  /** The stream's client left, or the home node could not be asked: the home stops sending. */
  public void leave() {
    if (!over) {
      over = true;
      closeInbox.run();
      unlisten.run();
    }
  }

  @Override
  public void homeLeft() {
    cut();
  }

  /** Cuts the stream as a broken connection would: its client reconnects with the last id it got. */
  private void cut() {
    leave();
    if (stream != null) {
      stream.cut();
    }
  }
}
