package dev.streamgate.session;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sessions in this node's memory. Not thread-safe on purpose: only the session verticle, on its own
 * event loop, touches it.
 */
public final class MemorySessionStore implements SessionStore {

  private final Map<String, Session> sessions = new HashMap<>();

  @Override
  public Future<Session> insert(Session session) {
    if (sessions.putIfAbsent(session.id(), session) != null) {
      return Future.failedFuture(new IllegalStateException("Session " + session.id() + " already exists"));
    }
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
}
