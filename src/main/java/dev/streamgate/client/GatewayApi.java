package dev.streamgate.client;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's native API over the JDK's HTTP client (the client never starts Vert.x). A request that
 * cannot reach the server is retried with {@link Backoff}; once the server has answered, nothing is
 * retried, so a chat message is never sent twice after its stream began.
 */
final class GatewayApi {

  /** Told before each retry, so the user sees why the client waits. */
  interface RetryListener {
    void retrying(int attempt, int attempts, Duration delay, IOException cause);
  }

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ClientOptions options;
  private final Backoff backoff;
  private final RetryListener listener;

  GatewayApi(ClientOptions options, Backoff backoff, RetryListener listener) {
    this.options = options;
    this.backoff = backoff;
    this.listener = listener;
  }

  String url(String path) {
    return options.url(path);
  }

  JsonObject get(String path) throws IOException, InterruptedException {
    return json(request(path).GET());
  }

  JsonObject post(String path, JsonObject body) throws IOException, InterruptedException {
    return json(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  JsonObject delete(String path) throws IOException, InterruptedException {
    return json(request(path).DELETE());
  }

  /** The status a GET of {@code path} answers (pages: /docs, /demo), its body discarded. */
  int status(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build(), BodyHandlers.discarding()).statusCode();
  }

  /** Opens {@code POST /chat/stream}; the caller reads the event stream and closes it. Error statuses throw. */
  InputStream openStream(JsonObject body) throws IOException, InterruptedException {
    HttpRequest request = request("/chat/stream").header("Content-Type", "application/json")
        .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    HttpResponse<InputStream> response = send(request, BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream error = response.body()) {
        throw ApiFailure.of(response.statusCode(), new String(error.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return response.body();
  }

  /**
   * {@code DELETE /streams/{turn_id}}: the server ends the running turn. Sent without waiting for the
   * answer and never retried, so it may be called from any thread (Ctrl-C's); completes with the status.
   */
  CompletableFuture<Integer> stop(String turnId) {
    try {
      HttpRequest request = request("/streams/" + turnId).DELETE().build();
      return http.sendAsync(request, BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    } catch (IllegalArgumentException notAnId) {
      return CompletableFuture.failedFuture(notAnId);
    }
  }

  private HttpRequest.Builder request(String path) {
    // The timeout covers the wait for the response headers only, not a long streamed answer.
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(ANSWER_TIMEOUT)
        .header("User-Agent", "streamgate-client");
    if (options.key() != null) {
      builder.header("Authorization", "Bearer " + options.key());
    }
    return builder;
  }

  private JsonObject json(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = send(request.build(), BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw ApiFailure.of(response.statusCode(), response.body());
    }
    return new JsonObject(response.body());
  }

  private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(request, handler);
      } catch (IOException e) {
        if (attempt >= backoff.attempts() || !unreached(e)) {
          throw e;
        }
        Duration delay = backoff.delays().get(attempt - 1);
        listener.retrying(attempt + 1, backoff.attempts(), delay, e);
        Thread.sleep(delay.toMillis());
      }
    }
  }

  /** Failed before any answer: refused, reset or not connected in time. A slow answer is not retried. */
  private static boolean unreached(IOException e) {
    return !(e instanceof HttpTimeoutException) || e instanceof HttpConnectTimeoutException;
  }
}
