package dev.streamgate.session;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.config.ConfigException;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in PostgreSQL ({@code SESSION_STORE=postgres}) through the reactive Vert.x client: they
 * outlive every node, and every node on the same database continues any conversation. Tables in
 * {@link PostgresSchema}. A change is one transaction that first locks its session's row, so two turns
 * of one session, or a turn and a delete, never interleave; its future succeeds once committed, so a
 * turn's {@code complete} event follows a stored reply. Database failures become 503, logged here in
 * one line; the URL's password appears nowhere.
 */
public final class PostgresSessionStore implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionStore.class);
  private static final String INSERT = "INSERT INTO streamgate_sessions (id, owner, model, created_at, updated_at, "
      + "next_seq, meta) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING "
      + "RETURNING nextval('streamgate_sessions_created')";
  /** Numbers the messages an append adds and replaces the meta if one is given, in the statement locking the row. */
  private static final String TOUCH = "UPDATE streamgate_sessions SET updated_at = $2, next_seq = next_seq + $3, "
      + "meta = COALESCE($4::jsonb, meta) WHERE id = $1 RETURNING next_seq";
  /** The chat sessions of an owner ($1; every one when null); more of the WHERE or the ORDER BY may follow. */
  private static final String CHATS = "FROM streamgate_sessions s WHERE ($1::text IS NULL OR s.owner = $1) "
      + "AND s.meta->>'kind' IS DISTINCT FROM '" + Session.RESPONSE_KIND + "' ";
  /** Their summaries, with their message counts. */
  private static final String LIST = "SELECT s.id, s.model, s.created_at, s.updated_at, (SELECT count(*) FROM "
      + "streamgate_messages m WHERE m.session_id = s.id) " + CHATS;
  /** The list's order ({@link SessionCursor#ORDER}; ids compared byte by byte, whatever the database's locale). */
  private static final String ORDER = "ORDER BY s.updated_at DESC, s.id COLLATE \"C\" DESC";
  private static final String LOAD = "SELECT s.owner, s.model, s.created_at, s.updated_at, m.role, m.content, "
      + "m.sent_at, m.interrupted, m.detail, s.meta FROM streamgate_sessions s "
      + "LEFT JOIN streamgate_messages m ON m.session_id = s.id WHERE s.id = $1 ORDER BY m.seq";

  private final Pool pool;
  private final SessionLimits limits;
  private final String password;

  private PostgresSessionStore(Pool pool, SessionLimits limits, String password) {
    this.pool = pool;
    this.limits = limits;
    this.password = password;
  }

  /** Connects to {@code url} and creates the schema; fails with one line naming DATABASE_URL if it cannot. */
  public static Future<SessionStore> open(Vertx vertx, String url, SessionLimits limits) {
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) { // its message repeats the URL, password included
      return Future.failedFuture(new ConfigException("Invalid configuration: sessions.databaseUrl (DATABASE_URL) is "
          + "not a usable postgresql:// URL (escape special characters of the password as %XX), got \""
          + GatewayConfig.Sessions.redact(url) + "\""));
    }
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8).setConnectionTimeout(10)
            .setConnectionTimeoutUnit(TimeUnit.SECONDS)).with(new NetClientOptions().setConnectTimeout(5000))
        .connectingTo(connect).using(vertx).build();
    PostgresSessionStore store = new PostgresSessionStore(pool, limits, connect.getPassword());
    return PostgresSchema.create(pool).<SessionStore>map(store).recover(err -> pool.close().transform(closed ->
        Future.failedFuture(new ConfigException("Cannot use the session database at DATABASE_URL "
            + GatewayConfig.Sessions.redact(url) + ": " + store.reason(err)))));
  }

  /** The session row and all its messages in one transaction: a fork is there whole, or not at all. */
  @Override
  public Future<Session> insert(Session session) {
    Session trimmed = limits.trim(session);
    Session stored = new Session(text(session.id()), text(session.owner()), text(session.model()),
        micros(session.createdAt()), micros(session.updatedAt()), cleaned(trimmed.messages()),
        PostgresMessages.json(session.meta(), PostgresSessionStore::text));
    return guard(pool.withTransaction(conn -> ownerHasRoom(conn, stored.owner())
        .compose(room -> conn.preparedQuery(INSERT).execute(Tuple.of(stored.id(), stored.owner(), stored.model(),
            time(stored.createdAt()), time(stored.updatedAt()), (long) stored.messages().size(), stored.meta())))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(new SessionTaken(session.id()))
            : PostgresMessages.insert(conn, stored.id(), 1, stored.messages()))
        .map(stored)));
  }

  /** Counts the owner's sessions under a lock per owner, so two inserts cannot both take its last place. */
  private Future<Void> ownerHasRoom(SqlConnection conn, String owner) {
    if (!limits.counts(owner)) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(" + PostgresSchema.OWNER_LOCK + ", hashtext($1))")
        .execute(Tuple.of(owner))
        .compose(locked -> conn.preparedQuery("SELECT count(*) FROM streamgate_sessions WHERE owner = $1")
            .execute(Tuple.of(owner)))
        .compose(rows -> rows.iterator().next().getLong(0) >= limits.maxPerOwner()
            ? Future.failedFuture(limits.tooMany()) : Future.succeededFuture());
  }

  @Override
  public Future<Session> get(String id) {
    return guard(load(pool, text(id)));
  }

  /** Messages, meta and time in one transaction, which the first statement's row lock serializes per session. */
  @Override
  public Future<Session> append(String id, List<ChatMessage> messages, JsonObject meta, Instant now) {
    String key = text(id);
    List<ChatMessage> stored = cleaned(messages);
    return guard(pool.withTransaction(conn -> conn.preparedQuery(TOUCH).execute(Tuple.of(key, time(micros(now)),
            (long) stored.size(), PostgresMessages.json(meta, PostgresSessionStore::text)))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(null)
            : addMessages(conn, key, rows.iterator().next().getLong(0), stored).compose(v -> load(conn, key)))));
  }

  /** Inserts {@code messages} as the last of the session, up to {@code lastSeq}, and drops those past the limit. */
  private Future<Void> addMessages(SqlConnection conn, String id, long lastSeq, List<ChatMessage> messages) {
    Future<Void> inserted = PostgresMessages.insert(conn, id, lastSeq - messages.size() + 1, messages);
    return limits.maxMessages() == 0 ? inserted : inserted.compose(v -> conn.preparedQuery(
        "DELETE FROM streamgate_messages WHERE session_id = $1 AND seq <= $2")
        .execute(Tuple.of(id, lastSeq - limits.maxMessages()))).mapEmpty();
  }

  private static List<ChatMessage> cleaned(List<ChatMessage> messages) {
    return messages.stream().map(m -> PostgresMessages.text(m, PostgresSessionStore::text)).toList();
  }

  @Override
  public Future<Session> clear(String id, Instant now) {
    String key = text(id);
    return guard(pool.withTransaction(conn -> conn.preparedQuery("UPDATE streamgate_sessions SET updated_at = $2 "
            + "WHERE id = $1").execute(Tuple.of(key, time(micros(now))))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(null)
            : conn.preparedQuery("DELETE FROM streamgate_messages WHERE session_id = $1").execute(Tuple.of(key))
                .compose(v -> load(conn, key)))));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return guard(pool.preparedQuery("DELETE FROM streamgate_sessions WHERE id = $1").execute(Tuple.of(text(id)))
        .map(rows -> rows.rowCount() > 0));
  }

  @Override
  public Future<List<SessionSummary>> list(String owner) {
    return summaries(LIST + ORDER, Tuple.of(text(owner)));
  }

  /** One more row than the page, to know whether more follow, and the whole list's count. */
  @Override
  public Future<SessionPage> page(String owner, int limit, SessionCursor after) {
    Tuple params = Tuple.of(text(owner), limit + 1);
    String where = "";
    if (after != null) {
      where = "AND (s.updated_at < $3 OR s.updated_at = $3 AND s.id COLLATE \"C\" < $4) ";
      params.addOffsetDateTime(time(after.updatedAt())).addString(text(after.id()));
    }
    Future<List<SessionSummary>> rows = summaries(LIST + where + ORDER + " LIMIT $2", params);
    Future<Long> total = guard(pool.preparedQuery("SELECT count(*) " + CHATS)
        .execute(Tuple.of(text(owner))).map(counted -> counted.iterator().next().getLong(0)));
    return Future.all(rows, total).map(both -> {
      List<SessionSummary> found = rows.result();
      return new SessionPage(found.subList(0, Math.min(limit, found.size())), total.result(), found.size() > limit);
    });
  }

  /** By primary key: the list of named sessions costs what they are, not what the table holds. */
  @Override
  public Future<List<SessionSummary>> list(String owner, List<String> ids) {
    return summaries(LIST + "AND s.id = ANY($2) " + ORDER,
        Tuple.tuple().addString(text(owner)).addArrayOfString(ids.stream().map(PostgresSessionStore::text)
            .toArray(String[]::new)));
  }

  private Future<List<SessionSummary>> summaries(String sql, Tuple params) {
    return guard(pool.preparedQuery(sql).execute(params)
        .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new SessionSummary(row.getString(0),
            row.getString(1), row.getOffsetDateTime(2).toInstant(), row.getOffsetDateTime(3).toInstant(),
            row.getLong(4).intValue())).toList()));
  }

  @Override
  public Future<Long> count() {
    return guard(pool.query("SELECT count(*) FROM streamgate_sessions").execute()
        .map(rows -> rows.iterator().next().getLong(0)));
  }

  @Override
  public Future<Long> created() {
    return guard(pool.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM streamgate_sessions_created")
        .execute().map(rows -> rows.iterator().next().getLong(0)));
  }

  /** Rows a turn is changing right now are skipped (SKIP LOCKED): they are not idle, and sweeps never wait. */
  @Override
  public Future<Long> expireIdle(Instant idleSince) {
    return guard(pool.preparedQuery("DELETE FROM streamgate_sessions WHERE id IN (SELECT id FROM streamgate_sessions "
            + "WHERE updated_at < $1 FOR UPDATE SKIP LOCKED)").execute(Tuple.of(time(idleSince)))
        .map(rows -> Long.valueOf(rows.rowCount())));
  }

  /** The session and its messages, oldest first, read in one statement (one snapshot); null when none. */
  private static Future<Session> load(SqlClient client, String id) {
    return client.preparedQuery(LOAD).execute(Tuple.of(id)).map(rows -> {
      if (rows.rowCount() == 0) {
        return null;
      }
      List<ChatMessage> messages = new ArrayList<>(rows.rowCount());
      Row first = null;
      for (Row row : rows) {
        first = first == null ? row : first;
        if (row.getString(4) != null) {
          messages.add(PostgresMessages.message(row.getString(4), row.getString(5), row.getString(6), row.getBoolean(7),
              row.getValue(8)));
        }
      }
      return new Session(id, first.getString(0), first.getString(1), first.getOffsetDateTime(2).toInstant(),
          first.getOffsetDateTime(3).toInstant(), List.copyOf(messages),
          first.getValue(9) instanceof JsonObject meta ? meta : null);
    });
  }

  /** Failures of the database itself become 503; refusals (429) and id clashes pass as they are. */
  private <T> Future<T> guard(Future<T> operation) {
    return operation.recover(err -> {
      if (err instanceof GatewayException || err instanceof SessionTaken) {
        return Future.failedFuture(err);
      }
      LOG.warn("The session database failed: {}", reason(err));
      return Future.failedFuture(new GatewayException(Failure.SERVICE_UNAVAILABLE, "The session store is not available"));
    });
  }

  /** One line saying why, with the password removed should a message ever repeat it. */
  private String reason(Throwable err) {
    String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    String line = message.replaceAll("\\s+", " ").trim();
    return password == null || password.isEmpty() ? line : line.replace(password, "***");
  }

  /** PostgreSQL text cannot hold NUL: it becomes U+FFFD, the same way on every write and lookup. */
  private static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  /** timestamptz keeps microseconds: a session answers with the times it will read back. */
  private static Instant micros(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
