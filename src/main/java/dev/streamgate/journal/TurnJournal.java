package dev.streamgate.journal;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolCalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every event of one turn, the one record of its answer: its readers (the client that asked is the
 * first) get each event from here, and a reader that arrives late or comes back after a drop gets each
 * event exactly once: {@link #follow} replays what it missed and registers it for the rest under one
 * lock, so no entry can fall between the two. Written from the turn's event loop, read from any. It
 * keeps the typed deltas as the upstream sent them, compactly ({@link JournalDeltas}: the first answer's
 * text kept once; tool calls assembled when asked), with {@link JournalEntry} objects made only for
 * readers. Its opening is what a stream says before the first delta: {@code {session_id, model, turn_id,
 * created, context_messages}}. Once the turn has ended, the last entry's JSON is kept encoded, without the
 * answer's text (the journal has it once), and read back for a late reader: as JSON objects it and its
 * usage took about 1.1 KB of what a turn keeps for the 60 s it may be resumed, as bytes about 0.35.
 */
public final class TurnJournal {

  private static final String TEXT = "text";

  private final String turnId;
  private final String owner;
  private final JsonObject opening;
  private final JournalDeltas deltas = new JournalDeltas();
  /**
   * Replaced, never changed, when a reader comes or goes (rarely), so offering a chunk (often) walks it
   * without a copy, even when a reader leaves while it is offered one.
   */
  private List<JournalReader> readers = List.of();
  private JournalEntry.Kind lastKind;
  /** The last entry's JSON, encoded (exactly its bytes); its {@code text}, when it has one, as null. */
  private byte[] lastEnd;
  private final Runnable deliveredToReader = this::delivered;
  private final Consumer<TurnJournal> onEnd;
  private Runnable cancel = () -> { };
  private long endedAt;
  private long unreadSince;
  private volatile boolean delivered;

  /** The journal of a turn that no other request can find (see {@link Channels#open} for those that can). */
  public TurnJournal(String turnId, String owner, JsonObject opening) {
    this(turnId, owner, opening, System.nanoTime(), ended -> { });
  }

  /** {@code onEnd}: told once, as the turn ends (so journals can be expired in the order they ended). */
  TurnJournal(String turnId, String owner, JsonObject opening, long now, Consumer<TurnJournal> onEnd) {
    this.turnId = turnId;
    this.owner = owner;
    this.opening = opening;
    this.unreadSince = now;
    this.onEnd = onEnd;
  }

  public String turnId() {
    return turnId;
  }

  /** What the turn's stream said before its first delta (session, model…), for a stream read back from the start. */
  public JsonObject opening() {
    return opening;
  }

  /** The API-key owner of the turn (a key fingerprint), or null when keys are off. */
  public String owner() {
    return owner;
  }

  /** True when a caller with this API-key owner (null when keys are off) may read the turn. */
  public boolean readableBy(String caller) {
    return owner == null || owner.equals(caller);
  }

  /** Appends the deltas that arrived together and offers them to every reader, as they are (no copy). */
  public synchronized void deltas(List<Delta> arrived) {
    int first = deltas.size() + 1;
    for (int i = 0; i < arrived.size(); i++) {
      deltas.add(arrived.get(i));
    }
    if (!readers.isEmpty()) {
      List<JournalEntry> batch = new ArrayList<>(arrived.size());
      for (int i = 0; i < arrived.size(); i++) {
        batch.add(JournalEntry.delta(first + i, arrived.get(i)));
      }
      offer(batch);
    }
  }

  /** Appends the turn's last entry; readers are let go, the journal stays for late readers. */
  public synchronized void end(JournalEntry.Kind kind, JsonObject end) {
    offer(List.of(JournalEntry.ending(deltas.size() + 1, kind, end)));
    lastKind = kind;
    lastEnd = (end.containsKey(TEXT) ? end.copy().putNull(TEXT) : end).toBuffer().getBytes();
    readers = List.of();
    cancel = () -> { }; // it holds the whole turn (stream, request): let it go while the journal stays
    endedAt = System.nanoTime();
    onEnd.accept(this);
  }

  /** Offers {@code reader} the entries after {@code afterSeq}, then every later one as it comes. */
  public synchronized void follow(JournalReader reader, int afterSeq) {
    if (afterSeq < size()) {
      int first = Math.max(afterSeq, 0) + 1;
      reader.offer(turnId, entries(first), () -> textBefore(first), deliveredToReader);
    }
    if (endedAt == 0 && !readers.contains(reader)) {
      List<JournalReader> more = new ArrayList<>(readers);
      more.add(reader);
      readers = List.copyOf(more);
    }
  }

  /** Offers to the readers of this moment: one may leave while it writes (its client closed). */
  private void offer(List<JournalEntry> batch) {
    int first = batch.get(0).seq();
    Supplier<String> before = () -> textBefore(first);
    for (JournalReader reader : readers) {
      reader.offer(turnId, batch, before, deliveredToReader);
    }
  }

  /** The first answer's text so far: the reply, kept nowhere else. */
  public synchronized String text() {
    return textBefore(deltas.size() + 1);
  }

  /**
   * The turn will get no more deltas (only its last entry): returns the first answer's whole text,
   * the one string the journal keeps of it from now on, for the caller to keep rather than copy.
   */
  public synchronized String seal() {
    return deltas.seal();
  }

  /** The first answer's tool calls so far, each assembled from its start and its argument fragments. */
  public synchronized List<ToolCall> toolCalls() {
    return ToolCalls.assemble(deltas.others(), 0);
  }

  /** The first answer's reasoning so far, block by block ({@link ChatMessage.Thinking#of}). */
  public synchronized List<ChatMessage.Thinking> thinking() {
    return ChatMessage.Thinking.of(deltas.others(), 0);
  }

  /** The number of the first answer's text deltas so far (what the native API counts as chunks). */
  public synchronized int deltaCount() {
    return deltas.answerDeltas();
  }

  /** The first answer's text in the deltas before entry {@code seq}. */
  public synchronized String textBefore(int seq) {
    return deltas.answerText(Math.max(seq - 1, 0));
  }

  /** Every entry so far, from the first. */
  public synchronized List<JournalEntry> entries() {
    return entries(1);
  }

  /** The entries from {@code fromSeq} on. */
  private List<JournalEntry> entries(int fromSeq) {
    List<JournalEntry> batch = new ArrayList<>(size() - fromSeq + 1);
    for (int seq = fromSeq; seq <= deltas.size(); seq++) {
      batch.add(JournalEntry.delta(seq, deltas.get(seq - 1)));
    }
    if (lastKind != null) {
      batch.add(last());
    }
    return batch;
  }

  /** The last entry, read back: its text put back in its place. */
  private JournalEntry last() {
    JsonObject end = new JsonObject(Buffer.buffer(lastEnd));
    if (end.containsKey(TEXT)) {
      end.put(TEXT, text());
    }
    return JournalEntry.ending(deltas.size() + 1, lastKind, end);
  }

  private int size() {
    return deltas.size() + (lastKind == null ? 0 : 1);
  }

  public synchronized void unfollow(JournalReader reader, long now) {
    List<JournalReader> fewer = new ArrayList<>(readers);
    if (!fewer.remove(reader)) {
      return;
    }
    readers = List.copyOf(fewer);
    if (readers.isEmpty()) {
      unreadSince = now;
    }
  }

  /** True when the turn has ended and its last entry is numbered at most {@code seq}: nothing after it. */
  public synchronized boolean endsBy(int seq) {
    return endedAt != 0 && size() <= seq;
  }

  /** How long (nanos) nobody has followed the running turn; 0 while someone does or once it ended. */
  public synchronized long unreadFor(long now) {
    return endedAt != 0 || !readers.isEmpty() ? 0 : now - unreadSince;
  }

  synchronized boolean expired(long now, long retainNanos) {
    return endedAt != 0 && now - endedAt > retainNanos;
  }

  /** How to stop the turn on request ({@code DELETE /streams/{turn_id}}): hands over to the turn's own loop. */
  public synchronized void onCancel(Runnable action) {
    this.cancel = action;
  }

  /** Stops the running turn (its reply is stored as interrupted); false when it had already ended. */
  public boolean cancel() {
    Runnable action;
    synchronized (this) {
      if (endedAt != 0) {
        return false;
      }
      action = cancel;
    }
    action.run();
    return true;
  }

  /** A reader has written the turn's last entry: a new reader of the channel need not be given it again. */
  public void delivered() {
    delivered = true;
  }

  boolean wasDelivered() {
    return delivered;
  }
}
