package dev.streamgate.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON calls with the JDK's HTTP client: a real client, independent of Vert.x. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A response: status, content type, body text (parsed on demand) and every header. */
  public record Reply(int status, String contentType, String body, HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private Http() {
  }

  public static Reply get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  /**
   * The status of {@code GET url} on a server that may still be starting: while nothing answers there, an
   * {@link AssertionError}, which {@link Eventually} takes for "not yet".
   */
  public static int statusOnceListening(String url) {
    try {
      return get(url).status();
    } catch (UncheckedIOException notYet) {
      throw new AssertionError("nothing answers at " + url + " yet: " + notYet.getCause(), notYet);
    }
  }

  public static Reply delete(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  public static Reply postJson(String url, String body) {
    return post(url, "application/json", body);
  }

  public static Reply post(String url, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  public static Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
