package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamgate.MainVerticle;
import dev.streamgate.cluster.Membership;
import dev.streamgate.config.ConfigException;
import dev.streamgate.support.NodeProcess;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A node told to keep sessions in PostgreSQL that cannot use the database does not start, and says why
 * in one line naming {@code DATABASE_URL}, with the password hidden (here and in every log line).
 */
@Tag("postgres")
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseUrlTest {

  private static final String SECRET = "s3cret-Pw";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // nothing listens on port 1
      "postgresql://streamgate:s3cret-Pw@127.0.0.1:1/streamgate | Cannot use the session database at DATABASE_URL "
          + "postgresql://streamgate:***@127.0.0.1:1/streamgate: Connection refused",
      // the tests' server, the wrong password
      "postgresql://streamgate:s3cret-Pw@127.0.0.1:5432/streamgate | Cannot use the session database at DATABASE_URL "
          + "postgresql://streamgate:***@127.0.0.1:5432/streamgate: FATAL: password authentication failed for user",
      "postgresql://streamgate:s3cret-Pw@127.0.0.1:99999/streamgate | Invalid configuration: sessions.databaseUrl "
          + "(DATABASE_URL) is not a usable postgresql:// URL (escape special characters of the password as %XX), "
          + "got \"postgresql://streamgate:***@127.0.0.1:99999/streamgate\"",
      "mysql://streamgate:s3cret-Pw@127.0.0.1/streamgate | Invalid configuration: sessions.databaseUrl (DATABASE_URL) "
          + "must be a postgresql://user:password@host:port/database URL when sessions.store (SESSION_STORE) is "
          + "postgres, got \"mysql://streamgate:***@127.0.0.1/streamgate\"",
      "streamgate:s3cret-Pw@127.0.0.1/streamgate | got \"streamgate:***@127.0.0.1/streamgate\"",
      "'' | Invalid configuration: sessions.databaseUrl (DATABASE_URL) must be a postgresql://",
  })
  void aDatabaseThatCannotBeUsedStopsTheStartWithOneLineNamingTheVariable(String url, String expected, Vertx vertx) {
    Throwable failure = catchThrowable(() -> vertx.deployVerticle(new MainVerticle(
        Map.of("PORT", "0", "SESSION_STORE", "postgres", "DATABASE_URL", url), new Properties(), Membership.ALONE)).await());
    assertThat(failure).isInstanceOf(ConfigException.class);
    assertThat(failure.getMessage()).contains(expected).doesNotContain(SECRET).doesNotContain("\n");
  }

  @Test
  void theRealEntryPointPrintsThatLineAndExits() throws Exception {
    try (NodeProcess node = NodeProcess.launch(Map.of("SESSION_STORE", "postgres",
        "DATABASE_URL", "postgresql://streamgate:" + SECRET + "@127.0.0.1:1/streamgate"))) {
      assertThat(node.awaitExit()).isEqualTo(1);
      assertThat(node.errors()).hasSize(1).first().asString().startsWith("streamgate: Cannot use the session database "
          + "at DATABASE_URL postgresql://streamgate:***@127.0.0.1:1/streamgate: ").contains("Connection refused");
      assertThat(node.output()).doesNotContain(SECRET);
    }
  }
}
