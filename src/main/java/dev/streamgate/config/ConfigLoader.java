package dev.streamgate.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The only reader of configuration. Layers, later wins (vertx-config merges stores in declaration
 * order): {@code conf/config.yaml} (from the working directory, else the copy inside the jar), the file
 * named by {@code CONFIG}, environment variables, system properties. Environment and system
 * properties use the flat names below ({@code PORT}); system properties may also use the dotted
 * path ({@code -Dhttp.port=9000}). The few settings needed before Vert.x exists ({@link NodeStart}) are
 * read here too, synchronously, by {@link #nodeStart}: no other class reads the environment.
 */
public final class ConfigLoader {

  static final String DEFAULTS = "conf/config.yaml";

  /** Flat names, in increasing precedence where two set the same key ({@code PORT} beats {@code BACKEND_PORT}). */
  private static final Map<String, String> PATH_BY_NAME = new LinkedHashMap<>();

  static {
    PATH_BY_NAME.put("BACKEND_PORT", "http.port");
    PATH_BY_NAME.put("PORT", "http.port");
    PATH_BY_NAME.put("HOST", "http.host");
    PATH_BY_NAME.put("HTTP_INSTANCES", "http.instances");
    PATH_BY_NAME.put("MAX_BODY_BYTES", "http.maxBodyBytes");
    PATH_BY_NAME.put("MAX_MESSAGE_CHARS", "http.maxMessageChars");
    PATH_BY_NAME.put("HEARTBEAT_SECONDS", "http.heartbeatSeconds");
    PATH_BY_NAME.put("RESUME_SECONDS", "http.resumeSeconds");
    PATH_BY_NAME.put("LOG_STYLE", "logs.style");
    PATH_BY_NAME.put("LOG_CONTENT", "logs.content");
    PATH_BY_NAME.put("GRACE_SECONDS", "http.graceSeconds");
    PATH_BY_NAME.put("CORS_ORIGINS", "http.corsOrigins");
    PATH_BY_NAME.put("GATEWAY_API_KEYS", "http.apiKeys");
    PATH_BY_NAME.put("TRUST_FORWARDED", "http.trustForwarded");
    PATH_BY_NAME.put("MAX_CONTEXT_MESSAGES", "sessions.maxContextMessages");
    PATH_BY_NAME.put("SESSION_STORE", "sessions.store");
    PATH_BY_NAME.put("DATABASE_URL", "sessions.databaseUrl");
    PATH_BY_NAME.put("SESSION_MAX_MESSAGES", "sessions.maxMessages");
    PATH_BY_NAME.put("SESSION_IDLE_SECONDS", "sessions.idleSeconds");
    PATH_BY_NAME.put("SESSION_MAX_PER_KEY", "sessions.maxPerKey");
    PATH_BY_NAME.put("SESSION_MEMORY_MB", "sessions.memoryMb");
    PATH_BY_NAME.put("LLM_PROVIDER", "llm.provider");
    PATH_BY_NAME.put("LLM_MODEL", "llm.model");
    PATH_BY_NAME.put("CONNECT_TIMEOUT_MS", "llm.connectTimeoutMs");
    PATH_BY_NAME.put("FIRST_TOKEN_TIMEOUT_MS", "llm.firstTokenTimeoutMs");
    PATH_BY_NAME.put("UNSUPPORTED_PARAMETERS", "llm.unsupportedParameters");
    PATH_BY_NAME.put("IDLE_TIMEOUT_MS", "llm.idleTimeoutMs");
    PATH_BY_NAME.put("MOCK_DELAY_MS", "llm.mock.delayMs");
    PATH_BY_NAME.put("OPENAI_API_KEY", "llm.openai.apiKey");
    PATH_BY_NAME.put("OPENAI_BASE_URL", "llm.openai.baseUrl");
    PATH_BY_NAME.put("ANTHROPIC_API_KEY", "llm.anthropic.apiKey");
    PATH_BY_NAME.put("ANTHROPIC_BASE_URL", "llm.anthropic.baseUrl");
    PATH_BY_NAME.put("GOOGLE_API_KEY", "llm.gemini.apiKey");
    PATH_BY_NAME.put("GEMINI_API_KEY", "llm.gemini.apiKey");
    PATH_BY_NAME.put("GEMINI_BASE_URL", "llm.gemini.baseUrl");
    PATH_BY_NAME.put("GENAI_MODEL_ID", "llm.gemini.model");
    PATH_BY_NAME.put("OLLAMA_BASE_URL", "llm.ollama.baseUrl");
    PATH_BY_NAME.put("LLM_FALLBACK", "llm.fallback");
    PATH_BY_NAME.put("RETRY_ATTEMPTS", "llm.retry.attempts");
    PATH_BY_NAME.put("RETRY_BASE_DELAY_MS", "llm.retry.baseDelayMs");
    PATH_BY_NAME.put("TURN_TIMEOUT_MS", "llm.turnTimeoutMs");
    PATH_BY_NAME.put("BREAKER_FAILURES", "llm.breaker.failures");
    PATH_BY_NAME.put("BREAKER_OPEN_MS", "llm.breaker.openMs");
    PATH_BY_NAME.put("ROLES", "node.roles");
    PATH_BY_NAME.put("DRAIN_SECONDS", "node.drainSeconds");
    PATH_BY_NAME.put("KEY_REQUESTS_PER_MINUTE", "limits.keyRequestsPerMinute");
    PATH_BY_NAME.put("KEY_MAX_STREAMS", "limits.keyStreams");
    PATH_BY_NAME.put("MAX_STREAMS", "limits.nodeStreams");
    PATH_BY_NAME.put("KEY_MAX_READ_STREAMS", "limits.keyReadStreams");
    PATH_BY_NAME.put("MAX_READ_STREAMS", "limits.nodeReadStreams");
    PATH_BY_NAME.put("SLOW_CLIENT_MS", "limits.slowClientMs");
    PATH_BY_NAME.put("SLOW_CLIENT_BYTES", "limits.slowClientBytes");
    PATH_BY_NAME.put("MAX_HEADER_BYTES", "limits.maxHeaderBytes");
  }

  private static final Map<String, String> NAME_BY_PATH = new LinkedHashMap<>();

  static {
    // Errors name every variable that sets the key: "http.port (PORT or BACKEND_PORT)".
    PATH_BY_NAME.forEach((name, path) -> NAME_BY_PATH.merge(path, name, (earlier, later) -> later + " or " + earlier));
  }

  private ConfigLoader() {
  }

  /** The start-up settings ({@link NodeStart}) from the real environment and system properties. */
  public static NodeStart nodeStart() {
    return nodeStart(System.getenv(), System.getProperties());
  }

  /** The start-up settings from the given environment and system properties; a system property wins. */
  public static NodeStart nodeStart(Map<String, String> env, Properties sys) {
    return NodeStart.from(name -> sys.getProperty(name, env.get(name)));
  }

  /** Loads from the real environment and system properties. */
  public static Future<GatewayConfig> load(Vertx vertx) {
    return load(vertx, System.getenv(), System.getProperties());
  }

  /** Loads from the given environment and system properties (tests pass their own). */
  public static Future<GatewayConfig> load(Vertx vertx, Map<String, String> env, Properties sys) {
    String extra = sys.getProperty("CONFIG", env.getOrDefault("CONFIG", "")).trim();
    Future<Void> extraReadable = extra.isEmpty() ? Future.succeededFuture() : vertx.fileSystem().exists(extra)
        .compose(exists -> exists ? Future.<Void>succeededFuture() : Future.failedFuture(
            new ConfigException("Invalid configuration: CONFIG names a file that does not exist: " + extra)));
    return extraReadable.compose(v -> retrieve(vertx, env, sys, extra))
        .map(json -> GatewayConfig.from(json, NAME_BY_PATH));
  }

  private static Future<JsonObject> retrieve(Vertx vertx, Map<String, String> env, Properties sys, String extra) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).addStore(yaml(DEFAULTS));
    if (!extra.isEmpty()) {
      options.addStore(yaml(extra));
    }
    options.addStore(json(byName(env::get))).addStore(json(byName(sys::getProperty))).addStore(json(byPath(sys)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(err -> Future.failedFuture(new ConfigException("Invalid configuration: cannot read "
            + (extra.isEmpty() ? DEFAULTS : DEFAULTS + " or the CONFIG file " + extra) + ": " + oneLine(err))))
        .andThen(ar -> retriever.close());
  }

  private static JsonObject byName(Function<String, String> lookup) {
    JsonObject tree = new JsonObject();
    PATH_BY_NAME.forEach((name, path) -> {
      String value = lookup.apply(name);
      if (value != null) {
        put(tree, path, value);
      }
    });
    return tree;
  }

  private static JsonObject byPath(Properties sys) {
    JsonObject tree = new JsonObject();
    for (String name : sys.stringPropertyNames()) {
      if (name.startsWith("http.") || name.startsWith("sessions.") || name.startsWith("llm.")
          || name.startsWith("node.") || name.startsWith("limits.")) {
        put(tree, name, sys.getProperty(name));
      }
    }
    return tree;
  }

  private static void put(JsonObject tree, String path, String value) {
    String[] parts = path.split("\\.");
    JsonObject node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject)) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = (JsonObject) child;
    }
    node.put(parts[parts.length - 1], value);
  }

  private static ConfigStoreOptions yaml(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setConfig(new JsonObject().put("path", path));
  }

  private static ConfigStoreOptions json(JsonObject tree) {
    return new ConfigStoreOptions().setType("json").setConfig(tree);
  }

  private static String oneLine(Throwable err) {
    String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
