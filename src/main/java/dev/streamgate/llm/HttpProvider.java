package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.LlmRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import java.util.Set;

/**
 * A model API reached over streaming HTTP. Uses core {@link HttpClient}, because only a core request
 * can be reset when the client leaves (WebClient keeps reading). One per upstream verticle instance;
 * the client lives as long as the verticle.
 */
final class HttpProvider implements Provider {

  /** How long a token count may wait for the provider's next bytes. */
  private static final long COUNT_IDLE_MS = 30_000;

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
  public Generation start(LlmRequest turn, String model, ChunkSink sink) {
    LlmRequest request = forApi(turn);
    UpstreamCall call = new UpstreamCall(sink, errors, api.framing(), api.reader(request, sink, errors));
    client.request(api.request(model).setConnectTimeout(connectTimeoutMs))
        .compose(req -> call.attach(req).send(api.body(request, model)))
        .onSuccess(call::onResponse)
        .onFailure(call::onFailure);
    return call;
  }

  @Override
  public Future<Long> countTokens(LlmRequest request, String model) {
    ProviderApi.TokenCount counter = api.tokenCount(forApi(request), model);
    if (counter == null) {
      return Provider.super.countTokens(request, model);
    }
    return client.request(counter.request().setConnectTimeout(connectTimeoutMs).setIdleTimeout(COUNT_IDLE_MS))
        .compose(req -> req.send(counter.body()))
        .compose(response -> response.body().map(body -> counted(response.statusCode(), body, counter.field())),
            err -> Future.failedFuture(new ProviderFailure(
                UpstreamFailure.transientFailure(Failure.UPSTREAM_UNAVAILABLE, errors.unreachable(err)))));
  }

  /** The request with calls' ids as this API takes them ({@link ProviderApi#takesThoughtSignatures}). */
  private LlmRequest forApi(LlmRequest request) {
    return api.takesThoughtSignatures() ? request : request.unsigned();
  }

  /** The count in {@code field} of a 2xx answer; anything else fails with words fit for a client. */
  private long counted(int status, Buffer body, String field) {
    if (status / 100 != 2) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR, errors.httpStatus(status, body)));
    }
    try {
      if (body.toJsonObject().getValue(field) instanceof Number tokens) {
        return tokens.longValue();
      }
    } catch (DecodeException notJson) {
      // reported below
    }
    throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(body.toString())));
  }
}
