package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sessions in this node's memory, shared by the session verticle instances (one per core). Sessions
 * are immutable values swapped atomically per key, so concurrent turns of one session never lose a
 * message, and an idle sweep never removes a session that changed meanwhile. What looks at every
 * session (the full list, the idle sweep) runs on a worker thread, not on an event loop; an API key's
 * list looks at that key's sessions only.
 *
 * <p>The sessions' estimated size ({@link SessionFootprint}) is kept up to date with every change; once
 * it reaches {@code budget} bytes, a new session is refused (507) until some are deleted or expire, so
 * a node that is never told to forget runs out of sessions, not of heap. Sessions already stored keep
 * taking turns.
 */
public final class MemorySessionStore implements SessionStore {

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** Sessions per owner, counted only under a per-owner limit; as many entries as API keys. */
  private final Map<String, AtomicInteger> owned = new ConcurrentHashMap<>();
  /** Each owner's session ids (API keys on), so a key's list looks at its own sessions only. */
  private final Map<String, Set<String>> byOwner = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  /** The estimated bytes of every session held. */
  private final AtomicLong footprint = new AtomicLong();
  private final long budget;
  private final SessionLimits limits;
  /** Runs the scans of every session on a worker thread. */
  private final Vertx vertx;

  /** {@code budget}: the estimated bytes of sessions past which no new one is stored; 0 for no bound. */
  public MemorySessionStore(SessionLimits limits, long budget, Vertx vertx) {
    this.limits = limits;
    this.budget = budget;
    this.vertx = vertx;
  }

  @Override
  public Future<Session> insert(Session session) {
    if (budget > 0 && footprint.get() >= budget) {
      return Future.failedFuture(SessionLimits.storeFull(budget));
    }
    if (!claim(session.owner())) {
      return Future.failedFuture(limits.tooMany());
    }
    Session stored = limits.trim(session);
    if (sessions.putIfAbsent(session.id(), stored) != null) {
      release(session.owner());
      return Future.failedFuture(new SessionTaken(session.id()));
    }
    footprint.addAndGet(SessionFootprint.of(stored));
    if (stored.owner() != null) {
      byOwner.computeIfAbsent(stored.owner(), owner -> ConcurrentHashMap.newKeySet()).add(stored.id());
    }
    created.incrementAndGet();
    return Future.succeededFuture(stored);
  }

  /** {@code next} in place of {@code previous}, counted. */
  private Session changed(Session previous, Session next) {
    footprint.addAndGet(SessionFootprint.of(next) - SessionFootprint.of(previous));
    return next;
  }

  private void removed(Session session) {
    footprint.addAndGet(-SessionFootprint.of(session));
    if (session.owner() != null) {
      byOwner.getOrDefault(session.owner(), Set.of()).remove(session.id());
    }
    release(session.owner());
  }

  /** Counts one more session for {@code owner}; false when it already keeps the most allowed. */
  private boolean claim(String owner) {
    if (!limits.counts(owner)) {
      return true;
    }
    AtomicInteger count = owned.computeIfAbsent(owner, key -> new AtomicInteger());
    int now;
    do {
      now = count.get();
      if (now >= limits.maxPerOwner()) {
        return false;
      }
    } while (!count.compareAndSet(now, now + 1));
    return true;
  }

  private void release(String owner) {
    if (limits.counts(owner)) {
      owned.get(owner).decrementAndGet();
    }
  }

  @Override
  public Future<Session> get(String id) {
    return Future.succeededFuture(sessions.get(id));
  }

  @Override
  public Future<Session> append(String id, List<ChatMessage> messages, JsonObject meta, Instant now) {
    return Future.succeededFuture(sessions.computeIfPresent(id,
        (key, s) -> changed(s, limits.trim(s.append(messages, meta, now)))));
  }

  @Override
  public Future<Session> clear(String id, Instant now) {
    return Future.succeededFuture(sessions.computeIfPresent(id, (key, s) -> changed(s, s.cleared(now))));
  }

  @Override
  public Future<Boolean> delete(String id) {
    Session removed = sessions.remove(id);
    if (removed != null) {
      removed(removed);
    }
    return Future.succeededFuture(removed != null);
  }

  @Override
  public Future<List<SessionSummary>> list(String owner) {
    return vertx.executeBlocking(() -> Session.chatsOf(visible(owner), owner), false);
  }

  /** Without sorting every session: a pass that keeps the page's. */
  @Override
  public Future<SessionPage> page(String owner, int limit, SessionCursor after) {
    return vertx.executeBlocking(() -> SessionPage.select(Session.chats(visible(owner), owner), limit, after), false);
  }

  /** The sessions {@code owner} has (every one when null), by the owners' index. */
  private Stream<Session> visible(String owner) {
    return owner == null ? sessions.values().stream()
        : byOwner.getOrDefault(owner, Set.of()).stream().map(sessions::get);
  }

  @Override
  public Future<List<SessionSummary>> list(String owner, List<String> ids) {
    return Future.succeededFuture(Session.chatsOf(ids.stream().map(sessions::get), owner));
  }

  @Override
  public Future<Long> count() {
    return Future.succeededFuture((long) sessions.size());
  }

  @Override
  public Future<Long> created() {
    return Future.succeededFuture(created.get());
  }

  /** Looks at every session (about 11 ms for 250,000), so on a worker thread. */
  @Override
  public Future<Long> expireIdle(Instant idleSince) {
    return vertx.executeBlocking(() -> expire(idleSince), false);
  }

  private long expire(Instant idleSince) {
    long expired = 0;
    for (Session session : sessions.values()) {
      // remove(id, session): only if it has not changed since it was read
      if (session.updatedAt().isBefore(idleSince) && sessions.remove(session.id(), session)) {
        removed(session);
        expired++;
      }
    }
    return expired;
  }
}
