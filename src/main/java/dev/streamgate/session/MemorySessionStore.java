package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sessions in this node's memory, shared by the session verticle instances (one per core). Sessions
 * are immutable values swapped atomically per key, so concurrent turns of one session never lose a
 * message, and an idle sweep never removes a session that changed meanwhile. What looks at every
 * session (the full list, the idle sweep) runs on a worker thread, not on an event loop.
 */
public final class MemorySessionStore implements SessionStore {

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** Sessions per owner, counted only under a per-owner limit; as many entries as API keys. */
  private final Map<String, AtomicInteger> owned = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private final SessionLimits limits;
  /** Runs the scans of every session on a worker thread. */
  private final Vertx vertx;

  public MemorySessionStore(SessionLimits limits, Vertx vertx) {
    this.limits = limits;
    this.vertx = vertx;
  }

  @Override
  public Future<Session> insert(Session session) {
    if (!claim(session.owner())) {
      return Future.failedFuture(limits.tooMany());
    }
    Session stored = limits.trim(session);
    if (sessions.putIfAbsent(session.id(), stored) != null) {
      release(session.owner());
      return Future.failedFuture(new SessionTaken(session.id()));
    }
    created.incrementAndGet();
    return Future.succeededFuture(stored);
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
        (key, s) -> limits.trim(s.append(messages, meta, now))));
  }

  @Override
  public Future<Session> clear(String id, Instant now) {
    return Future.succeededFuture(sessions.computeIfPresent(id, (key, s) -> s.cleared(now)));
  }

  @Override
  public Future<Boolean> delete(String id) {
    Session removed = sessions.remove(id);
    if (removed != null) {
      release(removed.owner());
    }
    return Future.succeededFuture(removed != null);
  }

  @Override
  public Future<List<SessionSummary>> list(String owner) {
    return vertx.executeBlocking(() -> Session.chatsOf(sessions.values().stream(), owner), false);
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
        release(session.owner());
        expired++;
      }
    }
    return expired;
  }
}
