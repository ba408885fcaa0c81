package dev.streamgate.http;

import dev.streamgate.bus.ChatChunk;
import dev.streamgate.channel.JournalEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client's stream, through this node, of an event channel another node keeps (its home): the
 * entries of the channel's turns that the home's journal endpoint sends to this HTTP verticle's inbox,
 * each message naming its turn, written as the very events a stream on the home writes. A gap in a
 * turn's entries, or the home leaving the cluster, cuts the stream: its EventSource reconnects with the
 * last id it got and is served the rest by whichever node then keeps the channel.
 * Used on the HTTP verticle's event loop.
 */
final class RemoteChannel implements RemoteReading {

  private final String home;
  private final Runnable unlisten;
  private final Consumer<String> delivered;
  private JournalStream stream;
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

  /** The client's stream is open: call before the inbox is. */
  void opened(JournalStream opened) {
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

  void onChunk(ChatChunk chunk) {
    if (over) {
      return;
    }
    String turnId = chunk.meta().getString("turn_id");
    // A turn's first message may start anywhere (a resumed turn starts after the client's last id).
    Integer expected = nextSeqs.get(turnId);
    if (expected != null && chunk.seq() != expected) {
      cut();
      return;
    }
    List<JournalEntry> entries = RemoteReading.entries(chunk, chunk.meta().getJsonObject("end"));
    if (chunk.kind() == ChatChunk.Kind.DELTA) {
      nextSeqs.put(turnId, chunk.seq() + entries.size());
    } else {
      nextSeqs.remove(turnId);
    }
    if (stream.write(turnId, entries, () -> chunk.meta().getString("before", ""))) {
      delivered.accept(turnId);
    }
  }

  /** The stream's client left, or the home node could not be asked: the home stops sending. */
  void leave() {
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
    stream.abort();
  }
}
