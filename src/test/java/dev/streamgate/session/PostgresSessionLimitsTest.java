package dev.streamgate.session;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.TestDatabase;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The session limits over PostgreSQL: two nodes (two Vert.x instances) on one fresh schema per test. */
@Tag("postgres")
class PostgresSessionLimitsTest extends SessionLimitsContract {

  private final TestDatabase db = TestDatabase.create();
  private final List<Vertx> vertxes = List.of(Vertx.vertx(), Vertx.vertx());

  @Override
  List<String> nodes(Map<String, String> env) {
    Map<String, String> postgres = with(with(env, "SESSION_STORE", "postgres"), "DATABASE_URL", db.url());
    return vertxes.stream().map(vertx -> GatewayUnderTest.start(vertx, postgres).url("")).toList();
  }

  @AfterEach
  void stop() {
    vertxes.forEach(vertx -> vertx.close().await());
    db.close();
  }
}
