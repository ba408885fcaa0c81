package dev.streamgate.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh, empty schema in the tests' PostgreSQL, dropped on close: nodes given {@link #url()} keep
 * their tables there (the URL's {@code search_path}), so no two tests see each other's sessions. The
 * database is {@code STREAMGATE_TEST_DATABASE_URL}, by default the one {@code .ci/postgres} creates.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String SERVER = System.getenv().getOrDefault("STREAMGATE_TEST_DATABASE_URL",
      "postgresql://streamgate:streamgate@127.0.0.1:5432/streamgate");

  private final Vertx vertx;
  private final Pool pool;
  private final String schema;

  private TestDatabase(Vertx vertx, Pool pool, String schema) {
    this.vertx = vertx;
    this.pool = pool;
    this.schema = schema;
  }

  /** Creates the schema; fails saying where PostgreSQL was looked for when it cannot be reached. */
  public static TestDatabase create() {
    Vertx vertx = Vertx.vertx();
    String schema = "test_" + UUID.randomUUID().toString().replace("-", "");
    Pool pool = PgBuilder.pool().connectingTo(withSchema(schema)).using(vertx).build();
    try {
      pool.query("CREATE SCHEMA " + schema).execute().await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw new IllegalStateException("PostgreSQL is not reachable at STREAMGATE_TEST_DATABASE_URL (default "
          + "postgresql://streamgate:***@127.0.0.1:5432/streamgate; .ci/postgres starts it): " + e.getMessage(), e);
    }
    return new TestDatabase(vertx, pool, schema);
  }

  private static String withSchema(String schema) {
    return SERVER + (SERVER.contains("?") ? "&" : "?") + "search_path=" + schema;
  }

  /** The DATABASE_URL of a node that keeps its sessions in this schema. */
  public String url() {
    return withSchema(schema);
  }

  /** Runs {@code sql} in this schema (test set-up and checks); the rows it returns. */
  public List<Row> sql(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(sql).execute(Tuple.from(params)).await().forEach(rows::add);
    return rows;
  }

  /** The single number {@code sql} answers. */
  public long number(String sql, Object... params) {
    return sql(sql, params).get(0).getLong(0);
  }

  @Override
  public void close() {
    try {
      pool.query("DROP SCHEMA " + schema + " CASCADE").execute().await();
    } finally {
      vertx.close().await();
    }
  }
}
