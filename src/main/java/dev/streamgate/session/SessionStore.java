package dev.streamgate.session;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where conversations live. Asynchronous so that shared (clustered) and durable stores fit the same
 * contract; the session verticles are its only users, one per core, so implementations are
 * thread-safe and {@link #update} is atomic per session.
 */
public interface SessionStore {

  /** Stores a new session; fails if the id is taken. */
  Future<Session> insert(Session session);

  /** The session, or null when there is none with that id. */
  Future<Session> get(String id);

  /** Applies {@code change} to the stored session; null when there is none with that id. */
  Future<Session> update(String id, UnaryOperator<Session> change);

  /** True when a session was removed. */
  Future<Boolean> delete(String id);

  /** All sessions, most recently updated first. */
  Future<List<Session>> list();

  /** How many sessions are stored. */
  Future<Long> count();

  /** How many sessions were ever created in this store. */
  Future<Long> created();
}
