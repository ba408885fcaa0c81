package dev.streamgate.llm;

import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether each configured provider answers, and accepts this node's key, without generating
 * anything: one authenticated GET of its model list ({@link ModelListRequest}), with a short time-out.
 * A small JSON exchange that nobody needs to cancel, so it uses WebClient; the turns' streams stay on
 * core {@code HttpClient}, which can reset a call whose client left. What comes back is fit for a client
 * ({@link ProviderErrors}: never the key, nor a provider's echo of it), and nothing is logged.
 *
 * <p>The mock is not probed (no network). A probe's results are reused for {@link #REUSE_MS}, and
 * requests that arrive while one runs share it: {@code /health} is public, and must not become a way to
 * make the node call its providers at will. Redirects are not followed, so no key goes to another host.
 * Used on the upstream verticle's event loop; the client lives as long as the verticle.
 */
final class ProviderProbe {

  /** The whole exchange, connecting included. */
  static final long TIMEOUT_MS = 3_000;
  static final long REUSE_MS = 5_000;

  private final WebClient client;
  private final GatewayConfig.Llm config;
  private final long timeoutMs;
  private Future<JsonObject> last;
  private long lastStarted;

  ProviderProbe(Vertx vertx, GatewayConfig.Llm config, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setConnectTimeout((int) Math.min(config.connectTimeoutMs(), timeoutMs)));
    this.config = config;
    this.timeoutMs = timeoutMs;
  }

  /**
   * {@code {name: result}} for every configured provider but the mock, asked in parallel; never fails.
   * A result is {@code {reachable: true, status, ms, models?}} when the provider answered (any status;
   * {@code models}: how many its answer lists), plus {@code error} unless it answered 2xx; or
   * {@code {reachable: false, ms, error}} when it did not answer in time.
   */
  Future<JsonObject> probes() {
    long now = System.nanoTime();
    if (last == null || last.isComplete() && now - lastStarted > TimeUnit.MILLISECONDS.toNanos(REUSE_MS)) {
      lastStarted = now;
      last = probeAll();
    }
    return last;
  }

  private Future<JsonObject> probeAll() {
    List<String> names = config.configured().stream().filter(name -> !name.equals("mock")).sorted().toList();
    List<Future<JsonObject>> results = names.stream().map(this::probe).toList();
    return Future.all(results).map(all -> {
      JsonObject probes = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        probes.put(names.get(i), results.get(i).result());
      }
      return probes;
    });
  }

  private Future<JsonObject> probe(String name) {
    ModelListRequest target = ModelListRequest.of(name, config);
    ProviderErrors errors = new ProviderErrors(name, URI.create(target.url()).getAuthority(), target.secret());
    long started = System.nanoTime();
    return Future.succeededFuture(target).compose(this::send)
        .map(response -> answered(response, errors, started))
        .otherwise(err -> new JsonObject().put("reachable", false).put("ms", since(started))
            .put("error", errors.unreachable(err)));
  }

  private Future<HttpResponse<Buffer>> send(ModelListRequest target) {
    HttpRequest<Buffer> request = client.requestAbs(HttpMethod.GET, target.url()).timeout(timeoutMs);
    request.putHeaders(target.headers());
    return request.send();
  }

  private static JsonObject answered(HttpResponse<Buffer> response, ProviderErrors errors, long started) {
    JsonObject result = new JsonObject().put("reachable", true).put("status", response.statusCode())
        .put("ms", since(started));
    if (response.statusCode() / 100 != 2) {
      return result.put("error", errors.httpStatus(response.statusCode(), response.body()));
    }
    Integer models = models(response.body());
    return models == null ? result : result.put("models", models);
  }

  /** The length of the list in {@code data} (OpenAI, Anthropic) or {@code models} (Gemini, Ollama); null if none. */
  private static Integer models(Buffer body) {
    try {
      JsonObject json = body == null ? new JsonObject() : body.toJsonObject();
      JsonArray list = json.containsKey("data") ? json.getJsonArray("data") : json.getJsonArray("models");
      return list == null ? null : list.size();
    } catch (RuntimeException notAList) {
      return null;
    }
  }

  private static long since(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
