package dev.streamgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The session store and limits keys: their defaults (memory, no limits), their environment names,
 * their bounds, and a database URL whose password never shows.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionsConfigTest {

  private static GatewayConfig.Sessions load(Map<String, String> env) {
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, env, new Properties()).await().sessions();
    } finally {
      vertx.close().await();
    }
  }

  private static String failure(Map<String, String> env) {
    Vertx vertx = Vertx.vertx();
    try {
      return ConfigLoader.load(vertx, env, new Properties()).await().toString();
    } catch (ConfigException e) {
      return e.getMessage();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void byDefaultSessionsStayInMemoryWithNoLimits() {
    assertThat(load(Map.of())).isEqualTo(new GatewayConfig.Sessions(20, "memory", "", 0, 0, 0, 0));
  }

  @Test
  void everyKeyHasItsEnvironmentVariable() {
    assertThat(load(Map.of("SESSION_STORE", "Postgres", "DATABASE_URL", "postgres://u:p@db:5432/gate",
        "SESSION_MAX_MESSAGES", "50", "SESSION_IDLE_SECONDS", "3600", "SESSION_MAX_PER_KEY", "10",
        "SESSION_MEMORY_MB", "256")))
        .isEqualTo(new GatewayConfig.Sessions(20, "postgres", "postgres://u:p@db:5432/gate", 50, 3600, 10, 256));
  }

  @Test
  void aDatabaseUrlIsIgnoredAndNotCheckedWhenSessionsStayInMemory() {
    assertThat(load(Map.of("DATABASE_URL", "mysql://elsewhere")).databaseUrl()).isEqualTo("mysql://elsewhere");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SESSION_STORE | redis | sessions.store (SESSION_STORE) must be one of memory, postgres",
      "SESSION_MAX_MESSAGES | -1 | sessions.maxMessages (SESSION_MAX_MESSAGES) must be a whole number from 0",
      "SESSION_IDLE_SECONDS | soon | sessions.idleSeconds (SESSION_IDLE_SECONDS) must be a whole number from 0",
      "SESSION_MAX_PER_KEY | 1.5 | sessions.maxPerKey (SESSION_MAX_PER_KEY) must be a whole number from 0",
  })
  void aBadValueIsRefusedNamingItsVariable(String name, String value, String expected) {
    assertThat(failure(Map.of(name, value))).startsWith("Invalid configuration: ").contains(expected);
  }

  @Test
  void thePasswordOfTheDatabaseUrlNeverShows() {
    GatewayConfig.Sessions sessions = load(Map.of("SESSION_STORE", "postgres",
        "DATABASE_URL", "postgresql://gate:pass%40word@db.internal:5432/gate?sslmode=require"));
    assertThat(sessions.toString()).contains("postgresql://gate:***@db.internal:5432/gate?sslmode=require")
        .doesNotContain("pass");
    // unescaped, a password may hold '/' or '@': the URL is refused, and the password still hidden
    assertThat(failure(Map.of("SESSION_STORE", "postgres", "DATABASE_URL", "postgresql://gate:pa/ss@wo@rd@db/gate")))
        .endsWith("got \"postgresql://gate:***@db/gate\"");
    assertThat(GatewayConfig.Sessions.redact("postgresql://db.internal/gate")).isEqualTo("postgresql://db.internal/gate");
    assertThat(GatewayConfig.Sessions.redact("gate:secret@db/gate")).isEqualTo("gate:***@db/gate");
  }
}
