package dev.streamgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layering and validation of the configuration. Runs from the project directory, so the defaults
 * come from conf/config.yaml; the environment and system properties are passed in, never the real ones.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class ConfigLoaderTest {

  @TempDir
  Path tmp;

  // ---- helpers ----

  private static Properties props(String... keyValues) {
    Properties sys = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      sys.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return sys;
  }

  private static void loads(Vertx vertx, VertxTestContext ctx, Map<String, String> env, Properties sys,
                            Consumer<GatewayConfig> check) {
    ConfigLoader.load(vertx, env, sys).onComplete(ctx.succeeding(config -> ctx.verify(() -> {
      check.accept(config);
      ctx.completeNow();
    })));
  }

  private static void loads(Vertx vertx, VertxTestContext ctx, Map<String, String> env,
                            Consumer<GatewayConfig> check) {
    loads(vertx, ctx, env, new Properties(), check);
  }

  /** Loading fails with a one-line ConfigException whose message contains every {@code expected} part. */
  private static void fails(Vertx vertx, VertxTestContext ctx, Map<String, String> env, String... expected) {
    ConfigLoader.load(vertx, env, new Properties()).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class);
      assertThat(err.getMessage()).doesNotContain("\n", "\r").contains(expected);
      ctx.completeNow();
    })));
  }

  private Path yaml(String content) throws IOException {
    Path file = tmp.resolve("extra.yaml");
    Files.writeString(file, content);
    return file;
  }

  // ---- defaults ----

  @Test
  void defaultsComeFromConfigYaml(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of(), config -> {
      assertThat(config.http().port()).isEqualTo(8000);
      assertThat(config.llm().provider()).isEqualTo("mock");
      assertThat(config.llm().defaultModel()).isEqualTo("mock-echo");
      assertThat(config.llm().openai().baseUrl()).isEqualTo("https://api.openai.com/v1");
    });
  }

  @Test
  void otherDefaultsMatchConfigYaml(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of(), config -> {
      assertThat(config.http()).isEqualTo(new GatewayConfig.Http("0.0.0.0", 8000, 0, 1048576, 32000, 15, 60, 5, java.util.List.of(), java.util.List.of(), false));
      assertThat(config.sessions().maxContextMessages()).isEqualTo(20);
      assertThat(config.llm().model()).isEmpty();
      assertThat(config.llm().connectTimeoutMs()).isEqualTo(10000);
      assertThat(config.llm().firstTokenTimeoutMs()).isEqualTo(60000);
      assertThat(config.llm().idleTimeoutMs()).isEqualTo(30000);
      assertThat(config.llm().mock()).isEqualTo(new GatewayConfig.Mock("mock-echo", 30));
      assertThat(config.llm().openai().apiKey()).isEmpty();
      assertThat(config.llm().openai().model()).isEqualTo("gpt-4o-mini");
    });
  }

  // ---- port precedence ----

  @Test
  void envPortOverridesYaml(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("PORT", "9000"), config -> assertThat(config.http().port()).isEqualTo(9000));
  }

  @Test
  void backendPortIsAccepted(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("BACKEND_PORT", "9001"), config -> assertThat(config.http().port()).isEqualTo(9001));
  }

  @Test
  void portBeatsBackendPort(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("BACKEND_PORT", "9001", "PORT", "9002"),
        config -> assertThat(config.http().port()).isEqualTo(9002));
  }

  @Test
  void systemPropertyPortBeatsEnvPort(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("PORT", "9000"), props("PORT", "9003"),
        config -> assertThat(config.http().port()).isEqualTo(9003));
  }

  @Test
  void dottedSystemPropertyHttpPortWorks(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of(), props("http.port", "9004"),
        config -> assertThat(config.http().port()).isEqualTo(9004));
  }

  @Test
  void dottedSystemPropertyBeatsEnvPort(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("PORT", "9000"), props("http.port", "9005"),
        config -> assertThat(config.http().port()).isEqualTo(9005));
  }

  @Test
  void portValueIsTrimmed(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("PORT", " 9006 "), config -> assertThat(config.http().port()).isEqualTo(9006));
  }

  // ---- provider ----

  @Test
  void openAiProviderWithModel(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("LLM_PROVIDER", "openai", "LLM_MODEL", "gpt-4.1-nano"), config -> {
      assertThat(config.llm().provider()).isEqualTo("openai");
      assertThat(config.llm().model()).isEqualTo("gpt-4.1-nano");
      assertThat(config.llm().defaultModel()).isEqualTo("gpt-4.1-nano");
    });
  }

  @Test
  void openAiProviderWithoutModelUsesTheOpenAiDefault(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("LLM_PROVIDER", "openai"),
        config -> assertThat(config.llm().defaultModel()).isEqualTo("gpt-4o-mini"));
  }

  @Test
  void providerNameIsCaseInsensitive(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("LLM_PROVIDER", "OpenAI"),
        config -> assertThat(config.llm().provider()).isEqualTo("openai"));
  }

  @Test
  void openAiBaseUrlTrailingSlashIsTrimmed(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1/"),
        config -> assertThat(config.llm().openai().baseUrl()).isEqualTo("http://localhost:11434/v1"));
  }

  // ---- CONFIG file ----

  @Test
  void configFileLayersOverDefaults(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = yaml("""
        http:
          port: 9100
        llm:
          mock:
            delayMs: 5
        """);
    loads(vertx, ctx, Map.of("CONFIG", file.toString()), config -> {
      assertThat(config.http().port()).isEqualTo(9100);
      assertThat(config.llm().mock().delayMs()).isEqualTo(5);
      // untouched keys, including siblings of overridden ones, keep the defaults
      assertThat(config.http().host()).isEqualTo("0.0.0.0");
      assertThat(config.http().heartbeatSeconds()).isEqualTo(15);
      assertThat(config.llm().mock().model()).isEqualTo("mock-echo");
      assertThat(config.llm().provider()).isEqualTo("mock");
    });
  }

  @Test
  void envWinsOverConfigFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = yaml("""
        http:
          port: 9100
        """);
    loads(vertx, ctx, Map.of("CONFIG", file.toString(), "PORT", "9200"),
        config -> assertThat(config.http().port()).isEqualTo(9200));
  }

  @Test
  void configFileCanBeNamedBySystemProperty(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path file = yaml("""
        http:
          port: 9101
        """);
    loads(vertx, ctx, Map.of(), props("CONFIG", file.toString()),
        config -> assertThat(config.http().port()).isEqualTo(9101));
  }

  // ---- invalid values ----

  @Test
  void nonNumericPortFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("PORT", "abc"), "http.port", "PORT", "abc");
  }

  @Test
  void portAboveRangeFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("PORT", "70000"), "http.port", "PORT", "70000");
  }

  @Test
  void rolesDefaultToAllAndAcceptASubset(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("ROLES", " HTTP, upstream "),
        config -> assertThat(config.node().roles()).containsExactly("http", "upstream"));
  }

  @Test
  void allRolesByDefault(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of(),
        config -> {
          assertThat(config.node().roles()).containsExactly("http", "sessions", "upstream");
          assertThat(config.node().drainSeconds()).isEqualTo(20);
        });
  }

  @Test
  void drainSecondsDefaultTo20AndComeFromTheEnvironment(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("DRAIN_SECONDS", "7"), config -> assertThat(config.node().drainSeconds()).isEqualTo(7));
  }

  @Test
  void aNegativeDrainTimeFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("DRAIN_SECONDS", "-1"), "node.drainSeconds", "DRAIN_SECONDS", "-1");
  }

  @Test
  void unknownRoleFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("ROLES", "http,gpu"), "node.roles", "ROLES", "http,gpu");
  }

  @Test
  void emptyRolesFail(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("ROLES", " , "), "node.roles", "ROLES");
  }

  @Test
  void unknownProviderFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("LLM_PROVIDER", "bogus"), "llm.provider", "LLM_PROVIDER", "bogus");
  }

  @Test
  void nonHttpBaseUrlFails(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("OPENAI_BASE_URL", "ftp://x"), "llm.openai.baseUrl", "OPENAI_BASE_URL", "ftp://x");
  }

  @Test
  void missingConfigFileFails(Vertx vertx, VertxTestContext ctx) {
    String missing = tmp.resolve("missing.yaml").toString();
    fails(vertx, ctx, Map.of("CONFIG", missing), "CONFIG", missing);
  }

  @Test
  void badBackendPortNamesBackendPort(Vertx vertx, VertxTestContext ctx) {
    // The operator set BACKEND_PORT; a message naming only PORT sends them looking for a variable they never set.
    fails(vertx, ctx, Map.of("BACKEND_PORT", "abc"), "http.port", "BACKEND_PORT", "abc");
  }

  @Test
  void fractionalPortInConfigFileFails(Vertx vertx, VertxTestContext ctx) throws IOException {
    // "must be a whole number": 8080.5 must be refused, not silently truncated to 8080.
    Path file = yaml("""
        http:
          port: 8080.5
        """);
    fails(vertx, ctx, Map.of("CONFIG", file.toString()), "http.port", "8080.5");
  }

  // ---- secrets ----

  @Test
  void openAiToStringNeverContainsTheApiKey(Vertx vertx, VertxTestContext ctx) {
    String key = "sk-test-SECRET-0123456789";
    loads(vertx, ctx, Map.of("OPENAI_API_KEY", key), config -> {
      assertThat(config.llm().openai().apiKey()).isEqualTo(key);
      assertThat(config.llm().openai().toString()).doesNotContain(key).doesNotContain("SECRET");
      assertThat(config.llm().toString()).doesNotContain(key);
      assertThat(config.toString()).doesNotContain(key);
    });
  }

  // ---- limits ----

  @Test
  void limitsAreOffOrGenerousByDefault(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of(), config -> assertThat(config.limits())
        .isEqualTo(new GatewayConfig.Limits(0, 0, 0, 0, 0, 30_000, 8 * 1024 * 1024, 8192)));
  }

  @Test
  void limitsComeFromTheirVariables(Vertx vertx, VertxTestContext ctx) {
    loads(vertx, ctx, Map.of("KEY_REQUESTS_PER_MINUTE", "60", "KEY_MAX_STREAMS", "2", "MAX_STREAMS", "500",
        "KEY_MAX_READ_STREAMS", "3", "MAX_READ_STREAMS", "700", "SLOW_CLIENT_MS", "1500", "SLOW_CLIENT_BYTES", "0"),
        props("limits.maxHeaderBytes", "4096"),
        config -> assertThat(config.limits()).isEqualTo(new GatewayConfig.Limits(60, 2, 500, 3, 700, 1500, 0, 4096)));
  }

  @Test
  void negativeStreamLimitNamesItsVariable(Vertx vertx, VertxTestContext ctx) {
    fails(vertx, ctx, Map.of("MAX_STREAMS", "-1"), "limits.nodeStreams", "MAX_STREAMS", "-1");
  }
}
