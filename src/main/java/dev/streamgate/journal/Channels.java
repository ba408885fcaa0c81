package dev.streamgate.journal;

import dev.streamgate.dialect.EventId;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The node's event channels and turn journals, shared by its HTTP verticles: a turn started by a
 * request on one event loop is read by event streams on any other. A channel is what one browser
 * listens to (found by a cookie): every open stream of it gets every turn started into it, and a
 * stream that opens later first gets the turns nobody has read to the end yet. A journal without a
 * channel serves one turn's own stream and its reconnections.
 */
public final class Channels {

  /** A little under the HTTP verticles' one-second sweep, so a slightly early tick still sweeps. */
  private static final long SWEEP_EVERY_NANOS = 900_000_000L;

  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Map<String, TurnJournal> journals = new ConcurrentHashMap<>();
  /**
   * The journals of {@link #journals} that ended, in the order they ended, so the oldest expire first:
   * a sweep looks at the ones it drops, not at every journal kept (a node running a thousand turns a
   * second keeps sixty thousand, and looking at each held an event loop for 5–9 ms every second).
   */
  private final Queue<TurnJournal> ended = new ConcurrentLinkedQueue<>();
  private final long retainNanos;
  private final AtomicLong nextSweepAt = new AtomicLong(System.nanoTime());

  public Channels(long retainNanos) {
    this.retainNanos = retainNanos;
  }

  /**
   * A new journal for a turn that other requests can find by its id (to resume, to stop), in
   * {@code channel} (null for none): the channel's open streams follow it.
   * {@code owner} is the API-key owner of the turn (null when keys are off): only it may read it;
   * {@code opening} is what its stream says before the first delta.
   */
  public TurnJournal open(String turnId, String channel, String owner, JsonObject opening) {
    TurnJournal journal = new TurnJournal(turnId, owner, opening, System.nanoTime(), ended::add);
    journals.put(turnId, journal);
    if (channel != null) {
      within(channel, open -> open.add(journal));
    }
    return journal;
  }

  /**
   * Keeps the journal of a turn another node ran and handed over before leaving the cluster, as of now
   * for the retention time; the journal of that turn when this node already has one.
   */
  public TurnJournal adopt(JournalSnapshot snapshot) {
    return journals.computeIfAbsent(snapshot.turnId(), id -> snapshot.restore(System.nanoTime(), ended::add));
  }

  /** The journals of the turns that run or ended within the retention time. */
  public Collection<TurnJournal> journals() {
    return Collections.unmodifiableCollection(journals.values());
  }

  /** The journal of a turn that runs or ended within the retention time, or null. */
  public TurnJournal journal(String turnId) {
    return journals.get(turnId);
  }

  /**
   * A stream opens on {@code channel}: it gets the turns after {@code resumeFrom} (a reconnection's
   * Last-Event-ID) or, without one, the turns not yet read to the end, then every new turn.
   */
  public void listen(String channel, JournalReader reader, EventId resumeFrom) {
    within(channel, open -> open.listen(reader, resumeFrom));
  }

  public void leave(String channel, JournalReader reader) {
    Channel open = channels.get(channel);
    if (open != null) {
      open.leave(reader);
    }
  }

  /** The channels this node keeps now. */
  public Set<String> channels() {
    return Collections.unmodifiableSet(channels.keySet());
  }

  /**
   * Drops journals that ended longer ago than the retention time, and channels left with nothing; the
   * channels dropped. Every HTTP verticle calls it each second; only the first call of each second does
   * the work.
   */
  public List<String> sweep() {
    long now = System.nanoTime();
    long due = nextSweepAt.get();
    if (now - due < 0 || !nextSweepAt.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
      return List.of();
    }
    for (TurnJournal oldest = ended.peek(); oldest != null && oldest.expired(now, retainNanos); oldest = ended.peek()) {
      ended.poll();
      journals.remove(oldest.turnId(), oldest);
    }
    List<String> forgotten = new ArrayList<>();
    channels.keySet().forEach(key -> channels.computeIfPresent(key, (k, channel) -> {
      if (channel.forget(journals)) {
        forgotten.add(k);
        return null;
      }
      return channel;
    }));
    return forgotten;
  }

  /** Runs {@code action} on the channel (created when missing) atomically with the sweep's removal of it. */
  private void within(String channel, Consumer<Channel> action) {
    channels.compute(channel, (key, open) -> {
      Channel existing = open == null ? new Channel() : open;
      action.accept(existing);
      return existing;
    });
  }

  private static final class Channel {
    private final List<TurnJournal> turns = new ArrayList<>();
    private final Set<JournalReader> readers = new HashSet<>();

    synchronized void add(TurnJournal journal) {
      turns.add(journal);
      readers.forEach(reader -> journal.follow(reader, 0));
    }

    synchronized void listen(JournalReader reader, EventId resumeFrom) {
      readers.add(reader);
      int resumed = resumeFrom == null ? -1 : indexOf(resumeFrom.turnId());
      for (int i = 0; i < turns.size(); i++) {
        TurnJournal journal = turns.get(i);
        if (resumed >= 0 ? i >= resumed : !journal.wasDelivered()) {
          journal.follow(reader, i == resumed ? resumeFrom.seq() : 0);
        }
      }
    }

    synchronized void leave(JournalReader reader) {
      readers.remove(reader);
      long now = System.nanoTime();
      turns.forEach(journal -> journal.unfollow(reader, now));
    }

    /** Forgets expired turns; true when the channel has neither turns nor readers left. */
    synchronized boolean forget(Map<String, TurnJournal> live) {
      turns.removeIf(journal -> live.get(journal.turnId()) != journal);
      return turns.isEmpty() && readers.isEmpty();
    }

    private int indexOf(String turnId) {
      for (int i = 0; i < turns.size(); i++) {
        if (turns.get(i).turnId().equals(turnId)) {
          return i;
        }
      }
      return -1;
    }
  }
}
