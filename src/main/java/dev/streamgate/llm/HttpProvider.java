package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.Set;

/**
 * A model API reached over streaming HTTP. Uses core {@link HttpClient}, because only a core request
 * can be reset when the client leaves (WebClient keeps reading). One per upstream verticle instance;
 * the client lives as long as the verticle.
 */
final class HttpProvider implements Provider {

  private final ProviderApi api;
  private final HttpClient client;
  private final long connectTimeoutMs;
  /** Immutable, so made once: parsing the base URL for its authority on every turn cost a turn's start. */
  private final ProviderErrors errors;

  HttpProvider(Vertx vertx, ProviderApi api, long connectTimeoutMs) {
    this.api = api;
    this.errors = new ProviderErrors(api.name(), api.authority(), api.secret());
    this.connectTimeoutMs = connectTimeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(10_000));
  }

  @Override
  public String name() {
    return api.name();
  }

  @Override
  public Set<String> honours() {
    return api.honours();
  }

  @Override
  public Generation start(LlmRequest request, String model, ChunkSink sink) {
    UpstreamCall call = new UpstreamCall(sink, errors, api.framing(), api.reader(request, sink, errors));
    client.request(api.request(model).setConnectTimeout(connectTimeoutMs))
        .compose(req -> call.attach(req).send(api.body(request, model)))
        .onSuccess(call::onResponse)
        .onFailure(call::onFailure);
    return call;
  }
}
