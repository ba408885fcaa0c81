package dev.streamgate.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated configuration of one node. Built once at boot by {@link ConfigLoader}; each verticle
 * receives the slice it needs. Field meanings and defaults are documented in {@code conf/config.yaml}.
 */
public record GatewayConfig(Http http, Sessions sessions, Llm llm, Logs logs, Node node, Limits limits) {

  /**
   * What this node runs: any subset of {@link #ROLES}, so edge and upstream nodes of a cluster scale apart;
   * and how long a node told to stop (SIGTERM) lets its running turns finish before it interrupts them.
   */
  public record Node(List<String> roles, int drainSeconds) {

    public boolean runs(String role) {
      return roles.contains(role);
    }
  }

  public static final String HTTP = "http";
  public static final String SESSIONS = "sessions";
  public static final String UPSTREAM = "upstream";
  public static final Set<String> ROLES = Set.of(HTTP, SESSIONS, UPSTREAM);

  /**
   * Stream lifecycle logs: one line per start and end, the boxed console form, or one JSON object per
   * turn; user text only when asked for.
   */
  public record Logs(String style, boolean content) {
    public static final Set<String> STYLES = Set.of("line", "boxed", "json");
  }

  /**
   * HTTP edge: listening address, verticle instances, request bounds, SSE keep-alive, how long ended
   * turns stay readable for reconnecting streams and how long a turn nobody reads waits for one.
   */
  public record Http(String host, int port, int instances, int maxBodyBytes, int maxMessageChars,
                     int heartbeatSeconds, int resumeSeconds, int graceSeconds, List<String> corsOrigins,
                     List<String> apiKeys, boolean trustForwarded) {

    @Override
    public String toString() {
      return "Http[" + host + ":" + port + ", instances=" + instances + ", apiKeys=" + apiKeys.size() + "]";
    }
  }

  /**
   * Overload protection, all off or generous by default. Per API key (only when keys are on): requests
   * per minute and turns running at once; per node: turns running at once (0 = no limit, each node
   * counts its own). A client whose response's write queue stays full for {@code slowClientMs}, or
   * behind which {@code slowClientBytes} pile up, is dropped (0 = never). Request headers are bounded
   * by {@code maxHeaderBytes}. Streams that only read (event channels, resumed turns) are bounded apart,
   * {@code keyReadStreams} and {@code nodeReadStreams}.
   */
  public record Limits(int keyRequestsPerMinute, int keyStreams, int nodeStreams, int keyReadStreams,
                       int nodeReadStreams, long slowClientMs, long slowClientBytes, int maxHeaderBytes) {

    static Limits from(ConfigFields f) {
      return new Limits(
          f.integer("limits.keyRequestsPerMinute", 0, 1_000_000),
          f.integer("limits.keyStreams", 0, 1_000_000),
          f.integer("limits.nodeStreams", 0, 10_000_000),
          f.integer("limits.keyReadStreams", 0, 1_000_000),
          f.integer("limits.nodeReadStreams", 0, 10_000_000),
          f.number("limits.slowClientMs", 0, 3_600_000),
          f.number("limits.slowClientBytes", 0, 1L << 32),
          f.integer("limits.maxHeaderBytes", 1024, 1024 * 1024));
    }
  }

  /**
   * Conversation state: how many earlier messages go to the model with each turn; where sessions live
   * ({@code memory}: this node's memory, or the cluster's replicated map on a clustered node;
   * {@code postgres}: the database at {@code databaseUrl}); and the limits every store applies
   * (0 = none): messages kept per session, idle seconds before a session expires, sessions per API key;
   * and the bound on the sessions a node holds in its heap ({@code memoryMb}; 0: half the heap).
   */
  public record Sessions(int maxContextMessages, String store, String databaseUrl, int maxMessages,
                         int idleSeconds, int maxPerKey, int memoryMb) {

    public static final String MEMORY = "memory";
    public static final String POSTGRES = "postgres";
    public static final Set<String> STORES = Set.of(MEMORY, POSTGRES);

    /** The database URL with its password replaced by {@code ***}: the only form that may be logged or shown. */
    public String safeDatabaseUrl() {
      return redact(databaseUrl);
    }

    /**
     * {@code url} with everything between the user name and the last {@code @} replaced by {@code ***}: too
     * much rather than too little when a password holds characters a URL should have escaped.
     */
    public static String redact(String url) {
      int scheme = url.indexOf("://");
      int colon = url.indexOf(':', scheme < 0 ? 0 : scheme + 3);
      int at = url.lastIndexOf('@');
      return colon < 0 || colon > at ? url : url.substring(0, colon + 1) + "***" + url.substring(at);
    }

    @Override
    public String toString() {
      return "Sessions[store=" + store + ", databaseUrl=" + safeDatabaseUrl() + ", maxMessages=" + maxMessages
          + ", idleSeconds=" + idleSeconds + ", maxPerKey=" + maxPerKey + ", memoryMb=" + memoryMb + "]";
    }
  }

  /**
   * Upstream model calls: the default provider and model, time-outs, each provider's settings, the
   * providers this node can answer with ({@code configured}: see {@link Routing#configured}), and
   * whether a sampling parameter a provider cannot honour is dropped ({@code dropUnsupported}) or refused.
   */
  public record Llm(String provider, String model, long connectTimeoutMs, long firstTokenTimeoutMs,
                    long idleTimeoutMs, Mock mock, OpenAi openai, Anthropic anthropic, Gemini gemini,
                    Ollama ollama, Routing routing, Resilience resilience, Set<String> configured,
                    boolean dropUnsupported) {

    public boolean configured(String name) {
      return configured.contains(name);
    }

    /** A node with no real provider (the embedded default): its mock stands in for every routed model. */
    public boolean mockOnly() {
      return configured.size() == 1;
    }

    /** The model a turn uses when the request names none: {@code llm.model}, else the provider's own default. */
    public String defaultModel() {
      if (!model.isEmpty()) {
        return model;
      }
      return defaultModelOf(provider);
    }

    /** The default model of {@code name}, a provider of {@link #PROVIDERS}. */
    public String defaultModelOf(String name) {
      return switch (name) {
        case "openai" -> openai.model();
        case "anthropic" -> anthropic.model();
        case "gemini" -> gemini.model();
        case "ollama" -> ollama.model();
        default -> mock.model();
      };
    }
  }

  /** The embedded mock model: no key, no network. */
  public record Mock(String model, long delayMs) {
  }

  /** Any OpenAI-compatible server; {@code apiKey} may be empty for local servers. */
  public record OpenAi(String baseUrl, String apiKey, String model) {

    public static final String PUBLIC_URL = "https://api.openai.com/v1";

    @Override
    public String toString() {
      return "OpenAi[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", model=" + model + "]";
    }
  }

  /** Anthropic's Messages API; {@code maxTokens} is required by that API on every request. */
  public record Anthropic(String baseUrl, String apiKey, String model, int maxTokens) {

    public static final String PUBLIC_URL = "https://api.anthropic.com";

    @Override
    public String toString() {
      return "Anthropic[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", model=" + model + "]";
    }
  }

  /** Google's Gemini API. */
  public record Gemini(String baseUrl, String apiKey, String model) {

    public static final String PUBLIC_URL = "https://generativelanguage.googleapis.com";

    @Override
    public String toString() {
      return "Gemini[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", model=" + model + "]";
    }
  }

  /** A local Ollama server's native API. */
  public record Ollama(String baseUrl, String model) {

    public static final String LOCAL_URL = "http://127.0.0.1:11434";
  }

  public static final Set<String> PROVIDERS = Set.of("mock", "openai", "anthropic", "gemini", "ollama");

  /** Validates the merged configuration tree; throws {@link ConfigException} naming the first bad key. */
  static GatewayConfig from(JsonObject json, Map<String, String> envNameByPath) {
    ConfigFields f = new ConfigFields(json, envNameByPath);
    Http http = new Http(
        f.string("http.host").isEmpty() ? "0.0.0.0" : f.string("http.host"),
        f.integer("http.port", 0, 65535),
        f.integer("http.instances", 0, 256),
        f.integer("http.maxBodyBytes", 1024, 64 * 1024 * 1024),
        f.integer("http.maxMessageChars", 1, 16 * 1024 * 1024),
        f.integer("http.heartbeatSeconds", 1, 3600),
        f.integer("http.resumeSeconds", 0, 86_400),
        f.integer("http.graceSeconds", 0, 3600),
        f.list("http.corsOrigins"),
        f.list("http.apiKeys"),
        f.bool("http.trustForwarded"));
    String store = f.oneOf("sessions.store", Sessions.STORES);
    Sessions sessions = new Sessions(f.integer("sessions.maxContextMessages", 1, 10_000), store,
        f.databaseUrl("sessions.databaseUrl", store.equals(Sessions.POSTGRES)),
        f.integer("sessions.maxMessages", 0, 1_000_000), f.integer("sessions.idleSeconds", 0, 365 * 86_400),
        f.integer("sessions.maxPerKey", 0, 1_000_000), f.integer("sessions.memoryMb", 0, 1_048_576));
    String provider = f.oneOf("llm.provider", PROVIDERS);
    Routing routing = Routing.from(json.getJsonObject("llm", new JsonObject()));
    Llm llm = new Llm(
        provider,
        f.string("llm.model"),
        f.number("llm.connectTimeoutMs", 1, 600_000),
        f.number("llm.firstTokenTimeoutMs", 1, 3_600_000),
        f.number("llm.idleTimeoutMs", 1, 3_600_000),
        new Mock(f.string("llm.mock.model"), f.number("llm.mock.delayMs", 0, 60_000)),
        new OpenAi(f.httpUrl("llm.openai.baseUrl", OpenAi.PUBLIC_URL), f.string("llm.openai.apiKey"),
            f.string("llm.openai.model")),
        new Anthropic(f.httpUrl("llm.anthropic.baseUrl", Anthropic.PUBLIC_URL), f.string("llm.anthropic.apiKey"),
            f.string("llm.anthropic.model"), f.integer("llm.anthropic.maxTokens", 1, 1_000_000)),
        new Gemini(f.httpUrl("llm.gemini.baseUrl", Gemini.PUBLIC_URL), f.string("llm.gemini.apiKey"),
            f.string("llm.gemini.model")),
        new Ollama(f.httpUrl("llm.ollama.baseUrl", Ollama.LOCAL_URL), f.string("llm.ollama.model")),
        routing, Resilience.from(f), routing.configured(f, provider),
        f.oneOf("llm.unsupportedParameters", Set.of("refuse", "drop")).equals("drop"));
    return new GatewayConfig(http, sessions, llm, new Logs(f.oneOf("logs.style", Logs.STYLES), f.bool("logs.content")),
        new Node(f.subset("node.roles", ROLES), f.integer("node.drainSeconds", 0, 3600)), Limits.from(f));
  }
}
