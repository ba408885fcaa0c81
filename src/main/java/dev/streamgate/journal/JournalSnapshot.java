package dev.streamgate.journal;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An ended turn's journal as data: what a node hands over to the cluster before it leaves, so its
 * recent turns stay resumable through the nodes that remain. JSON fields: {@code turn_id},
 * {@code owner} (API-key fingerprint or null), {@code opening}, {@code deltas} (as {@link Delta} writes them, in order),
 * {@code end_kind} ({@code DONE} or {@code ERROR}) and {@code end} (the last entry's JSON).
 */
public record JournalSnapshot(String turnId, String owner, JsonObject opening, List<Delta> deltas,
                              JournalEntry.Kind endKind, JsonObject end) {

  /** The snapshot of {@code journal}, or null while its turn is still running. */
  public static JournalSnapshot of(TurnJournal journal) {
    if (!journal.endsBy(Integer.MAX_VALUE)) {
      return null;
    }
    List<JournalEntry> entries = new ArrayList<>();
    // An ended journal offers all at once and keeps no reader.
    journal.follow((turnId, offered, before, delivered) -> entries.addAll(offered), 0);
    JournalEntry last = entries.get(entries.size() - 1);
    List<Delta> deltas = entries.subList(0, entries.size() - 1).stream().map(JournalEntry::delta).toList();
    return new JournalSnapshot(journal.turnId(), journal.owner(), journal.opening(), deltas, last.kind(), last.end());
  }

  public JsonObject toJson() {
    return new JsonObject().put("turn_id", turnId).put("owner", owner).put("opening", opening)
        .put("deltas", new JsonArray(deltas.stream().map(Delta::toJson).toList())).put("end_kind", endKind.name())
        .put("end", end);
  }

  public static JournalSnapshot fromJson(JsonObject json) {
    List<Delta> deltas = json.getJsonArray("deltas").stream().map(d -> Delta.fromJson((JsonObject) d)).toList();
    return new JournalSnapshot(json.getString("turn_id"), json.getString("owner"), json.getJsonObject("opening"),
        deltas, JournalEntry.Kind.valueOf(json.getString("end_kind")), json.getJsonObject("end"));
  }

  /** An ended journal with these entries, as the node that ran the turn kept it ({@code onEnd} told at once). */
  TurnJournal restore(long now, Consumer<TurnJournal> onEnd) {
    TurnJournal journal = new TurnJournal(turnId, owner, opening, now, onEnd);
    if (!deltas.isEmpty()) {
      journal.deltas(deltas);
    }
    journal.end(endKind, end);
    return journal;
  }
}
