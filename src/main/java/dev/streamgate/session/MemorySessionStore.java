package dev.streamgate.session;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Sessions in this node's memory, shared by the session verticle instances (one per core). Sessions
 * are immutable values swapped atomically per key, so concurrent turns of one session never lose a
 * message.
 */
public final class MemorySessionStore implements SessionStore {

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();

  @Override
  public Future<Session> insert(Session session) {
    if (sessions.putIfAbsent(session.id(), session) != null) {
      return Future.failedFuture(new IllegalStateException("Session " + session.id() + " already exists"));
    }
    created.incrementAndGet();
    return Future.succeededFuture(session);
  }

  @Override
  public Future<Session> get(String id) {
    return Future.succeededFuture(sessions.get(id));
  }

  @Override
  public Future<Session> update(String id, UnaryOperator<Session> change) {
    return Future.succeededFuture(sessions.computeIfPresent(id, (key, session) -> change.apply(session)));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return Future.succeededFuture(sessions.remove(id) != null);
  }

  @Override
  public Future<List<Session>> list() {
    return Future.succeededFuture(sessions.values().stream()
        .sorted(Comparator.comparing(Session::updatedAt).reversed()).toList());
  }

  @Override
  public Future<Long> count() {
    return Future.succeededFuture((long) sessions.size());
  }

  @Override
  public Future<Long> created() {
    return Future.succeededFuture(created.get());
  }
}
