package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries of one turn's journal, sent by the node that keeps it ({@link Addresses#journal}) to a reader
 * on another node, at that reader's verticle's {@link Addresses#entries} inbox.
 *
 * <p>JSON: {@code reader} (the reading's key, chosen by the reader), {@code turn_id}, {@code seq} (the
 * journal seq of the first entry; a reading's messages of one turn follow each other without a gap),
 * {@code deltas} (consecutive delta entries, as {@link Delta} writes them, possibly none), {@code end_kind} and
 * {@code end} (the turn's last entry, {@code DONE} or {@code ERROR} with its JSON, when this message
 * ends the turn; else absent) and {@code before} (on the first message of a turn read from its middle
 * by a channel's stream, the text of the deltas before it; else absent).
 */
public record JournalEntries(String reader, String turnId, int seq, List<Delta> deltas, JournalEntry.Kind endKind,
                             JsonObject end, String before) {

  /** The entries, numbered from {@code seq}: the deltas, then the end if there is one. */
  public List<JournalEntry> entries() {
    List<JournalEntry> entries = new ArrayList<>(deltas.size() + 1);
    int next = seq;
    for (Delta delta : deltas) {
      entries.add(JournalEntry.delta(next++, delta));
    }
    if (endKind != null) {
      entries.add(JournalEntry.ending(next, endKind, end));
    }
    return entries;
  }

  /** True when this message carries the turn's last entry. */
  public boolean ends() {
    return endKind != null;
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    deltas.forEach(delta -> list.add(delta.toJson()));
    return new JsonObject().put("reader", reader).put("turn_id", turnId).put("seq", seq)
        .put("deltas", list).put("end_kind", endKind == null ? null : endKind.name())
        .put("end", end).put("before", before);
  }

  static JournalEntries fromJson(JsonObject json) {
    List<Delta> deltas = json.getJsonArray("deltas").stream().map(d -> Delta.fromJson((JsonObject) d)).toList();
    String endKind = json.getString("end_kind");
    return new JournalEntries(json.getString("reader"), json.getString("turn_id"), json.getInteger("seq"), deltas,
        endKind == null ? null : JournalEntry.Kind.valueOf(endKind), json.getJsonObject("end"),
        json.getString("before"));
  }
}
