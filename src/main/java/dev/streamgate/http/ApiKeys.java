package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * API keys, when configured: every API route needs one, as {@code Authorization: Bearer <key>} (or
 * {@code x-api-key: <key>}, as Anthropic's clients send it), or, for a browser's EventSource, which cannot send headers, as the {@code streamgate_key} cookie or the
 * {@code access_token} query parameter. Static pages, {@code /health} and {@code /metrics} stay public.
 * The caller is then known by the key's fingerprint (never the key itself), which owns the sessions it
 * creates.
 */
final class ApiKeys {

  static final String COOKIE = "streamgate_key";
  private static final String OWNER = "streamgate.owner";
  private static final List<String> PUBLIC_PREFIXES = List.of("/demo", "/docs", "/webjars/");
  private static final Set<String> PUBLIC = Set.of("/", "/health", "/metrics", "/openapi.json", "/openapi.yaml");

  private final Set<String> keys;

  ApiKeys(List<String> keys) {
    this.keys = Set.copyOf(keys);
  }

  /** The route handler: lets public paths and valid keys through, answers 401 otherwise. */
  void check(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (keys.isEmpty() || PUBLIC.contains(path) || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith)) {
      ctx.next();
      return;
    }
    String key = presented(ctx);
    if (key == null || !keys.contains(key)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(new GatewayException(Failure.UNAUTHORIZED, key == null
          ? "An API key is required: send 'Authorization: Bearer <key>'" : "The API key is not valid"));
      return;
    }
    ctx.put(OWNER, fingerprint(key));
    ctx.next();
  }

  /** The caller's key fingerprint, or null when keys are off. */
  static String owner(RoutingContext ctx) {
    return ctx.get(OWNER);
  }

  private static String presented(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    String apiKey = ctx.request().getHeader("x-api-key");
    if (apiKey != null) {
      return apiKey.trim();
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null) {
      return cookie.getValue();
    }
    return ctx.request().getParam("access_token");
  }

  private static String fingerprint(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
