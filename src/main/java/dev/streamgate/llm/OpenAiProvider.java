package dev.streamgate.llm;

import dev.streamgate.bus.LlmRequest;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * OpenAI's {@code POST /chat/completions} with {@code stream: true}, and so every OpenAI-compatible
 * server (vLLM, Ollama's /v1, llama.cpp, LM Studio, OpenRouter…). Uses core {@link HttpClient}
 * because only a core request can be reset when the client leaves (WebClient keeps reading).
 */
final class OpenAiProvider implements Provider {

  private final HttpClient client;
  private final String url;
  private final String authority;
  private final String apiKey;
  private final long connectTimeoutMs;

  OpenAiProvider(Vertx vertx, GatewayConfig.Llm config) {
    GatewayConfig.OpenAi openai = config.openai();
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(10_000));
    this.url = openai.baseUrl() + "/chat/completions";
    this.authority = URI.create(openai.baseUrl()).getAuthority();
    this.apiKey = openai.apiKey();
    this.connectTimeoutMs = config.connectTimeoutMs();
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public Generation start(LlmRequest request, String model, ChunkSink sink) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setConnectTimeout(connectTimeoutMs)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", "text/event-stream");
    if (!apiKey.isEmpty()) {
      options.putHeader("Authorization", "Bearer " + apiKey);
    }
    OpenAiStream stream = new OpenAiStream(sink, new ProviderErrors(name(), authority, apiKey));
    client.request(options)
        .compose(req -> stream.attach(req).send(body(request, model).toBuffer()))
        .onSuccess(stream::onResponse)
        .onFailure(stream::onFailure);
    return stream;
  }

  private static JsonObject body(LlmRequest request, String model) {
    JsonArray messages = new JsonArray();
    request.messages().forEach(m -> messages.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    return new JsonObject().put("model", model).put("messages", messages).put("stream", true)
        .put("stream_options", new JsonObject().put("include_usage", true));
  }
}
