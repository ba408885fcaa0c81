package dev.streamgate.http;

import dev.streamgate.bus.ChatChunk;
import dev.streamgate.channel.JournalEntry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A client's reading, through this node, of what another node (its home) keeps: one turn, or one channel. */
interface RemoteReading {

  /**
   * The journal entries one message from the home's journal endpoint carries, numbered from its seq:
   * its deltas, or the turn's last entry with {@code end} as its JSON.
   */
  static List<JournalEntry> entries(ChatChunk chunk, JsonObject end) {
    if (chunk.kind() != ChatChunk.Kind.DELTA) {
      JournalEntry.Kind kind = chunk.kind() == ChatChunk.Kind.DONE ? JournalEntry.Kind.DONE : JournalEntry.Kind.ERROR;
      return List.of(JournalEntry.ending(chunk.seq(), kind, end));
    }
    List<JournalEntry> entries = new ArrayList<>(chunk.deltas().size());
    int seq = chunk.seq();
    for (String text : chunk.deltas()) {
      entries.add(JournalEntry.delta(seq++, text));
    }
    return entries;
  }

  /** The cluster id of the node that sends the entries. */
  String home();

  /** True once the reading has ended, for whatever reason. */
  boolean over();

  /** The home node left the cluster before the reading ended. */
  void homeLeft();
}
