package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Where conversations live. Asynchronous so that shared (clustered) and durable stores fit the same
 * contract; the session verticles are its only users, one per core, so implementations are
 * thread-safe and every change is atomic per session. Every store applies its {@link SessionLimits}.
 * A change has been made durable, in a store that is, when its future succeeds.
 */
public interface SessionStore {

  /**
   * Stores a new session with its messages (the last ones only, beyond the message limit) and meta, in one
   * atomic change: a forked session appears whole or not at all. The session as stored; fails with
   * {@link SessionTaken} when the id is taken, and with a 429 {@link dev.streamgate.GatewayException} when
   * its owner already keeps the most sessions allowed; nothing is stored then.
   */
  Future<Session> insert(Session session);

  /** The session, or null when there is none with that id. */
  Future<Session> get(String id);

  /**
   * Adds {@code messages} in order (trimming the oldest beyond the message limit), replaces the session's
   * meta with {@code meta} unless it is null, and marks the session changed at {@code now}, all in one
   * atomic change: no reader sees some of it without the rest. The session after it, or null when there
   * is none with that id.
   */
  Future<Session> append(String id, List<ChatMessage> messages, JsonObject meta, Instant now);

  /** Removes every message; the session after it, or null when there is none with that id. */
  Future<Session> clear(String id, Instant now);

  /** True when a session was removed. */
  Future<Boolean> delete(String id);

  /**
   * The chat sessions {@code owner} may see (every one when null), most recently updated first (then by
   * id, descending); stored responses ({@link Session#isResponse}) are not chat sessions and are left out.
   */
  Future<List<SessionSummary>> list(String owner);

  /**
   * The same, of the sessions named in {@code ids} only (ids of no session, or of one {@code owner} may
   * not see, left out): looked up by id, whatever the number of sessions stored.
   */
  Future<List<SessionSummary>> list(String owner, List<String> ids);

  /**
   * A page of {@link #list}: at most {@code limit} sessions after {@code after} (null: from the first),
   * in the list's order ({@link SessionCursor#ORDER}).
   */
  Future<SessionPage> page(String owner, int limit, SessionCursor after);

  /** How many sessions are stored. */
  Future<Long> count();

  /** How many sessions were ever created in this store. */
  Future<Long> created();

  /**
   * Deletes the sessions unchanged since {@code idleSince}; how many. Called by the one periodic sweep
   * of the store's node; a store whose entries expire by themselves answers 0.
   */
  Future<Long> expireIdle(Instant idleSince);
}
