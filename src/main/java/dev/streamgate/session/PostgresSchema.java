package dev.streamgate.session;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * The tables of {@link PostgresSessionStore}, created at start when missing, never dropped: one row per
 * session ({@code next_seq} numbers its messages), one per message (deleted with its session), and a
 * sequence counting the sessions ever created. A column added since a table was first created is added
 * to it at start ({@code ADD COLUMN IF NOT EXISTS}), so a database of an earlier version upgrades in
 * place; its rows keep meaning what they meant (a message whose {@code detail} is null is its text alone, a
 * session whose {@code meta} is null a chat session without meta).
 */
final class PostgresSchema {

  /** Advisory lock class of this schema's creation; {@link #OWNER_LOCK} is the per-owner count's. */
  private static final int SCHEMA_LOCK = 0x5347_0001;
  static final int OWNER_LOCK = 0x5347_0002;

  private static final List<String> STATEMENTS = List.of(
      "CREATE TABLE IF NOT EXISTS streamgate_sessions (id text PRIMARY KEY, owner text, model text NOT NULL, "
          + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, next_seq bigint NOT NULL DEFAULT 0)",
      "CREATE INDEX IF NOT EXISTS streamgate_sessions_owner ON streamgate_sessions (owner)",
      "CREATE INDEX IF NOT EXISTS streamgate_sessions_updated_at ON streamgate_sessions (updated_at)",
      "CREATE TABLE IF NOT EXISTS streamgate_messages (session_id text NOT NULL REFERENCES streamgate_sessions (id) "
          + "ON DELETE CASCADE, seq bigint NOT NULL, role text NOT NULL, content text NOT NULL, sent_at text NOT NULL, "
          + "interrupted boolean NOT NULL, PRIMARY KEY (session_id, seq))",
      // Issue 16: a message's images, tool calls and tool_call_id; null for a message of text alone.
      "ALTER TABLE streamgate_messages ADD COLUMN IF NOT EXISTS detail jsonb",
      // The Responses API: what a stored response answers on GET, kept with its conversation; null for a chat.
      "ALTER TABLE streamgate_sessions ADD COLUMN IF NOT EXISTS meta jsonb",
      "CREATE SEQUENCE IF NOT EXISTS streamgate_sessions_created");

  private PostgresSchema() {
  }

  /**
   * Creates what is missing, in one transaction holding a lock: {@code CREATE ... IF NOT EXISTS} alone
   * fails when two nodes start on an empty database at the same moment. Its notices ("already exists,
   * skipping") would be logged as warnings at every start: they are turned off for the transaction.
   */
  static Future<Void> create(Pool pool) {
    return pool.withTransaction(conn -> conn.query("SET LOCAL client_min_messages TO warning").execute()
        .compose(quiet -> conn.query("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ", 0)").execute())
        .compose(locked -> run(conn, 0)));
  }

  private static Future<Void> run(SqlConnection conn, int next) {
    return next == STATEMENTS.size() ? Future.succeededFuture()
        : conn.query(STATEMENTS.get(next)).execute().compose(done -> run(conn, next + 1));
  }
}
