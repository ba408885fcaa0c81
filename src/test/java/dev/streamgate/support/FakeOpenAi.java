package dev.streamgate.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A local stand-in for a model provider (OpenAI-compatible, Anthropic, Gemini or Ollama): a real
 * Vert.x HTTP server on a random port that answers every request the way the test scripts it, most often by replaying a
 * recorded stream cut into small, awkward pieces (multi-byte characters and CRLFs split across
 * writes). It records what it received and when each connection was closed.
 */
public final class FakeOpenAi {

  /**
   * What the fake received in one call: path with query, headers, body (null when empty, as a GET's), when
   * its connection closed, and its method.
   */
  public record Call(String uri, MultiMap headers, JsonObject body, String authorization, Future<Void> closed,
                     long receivedAt, String method) {
  }

  /** Piece sizes chosen to cut through multi-byte characters, "\r\n" and "data:" prefixes. */
  public static final int[] AWKWARD = {1, 3, 7, 2, 5, 11, 4, 13};

  private final Vertx vertx;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Consumer<HttpServerResponse> script = response -> response.setStatusCode(500).end();
  /** One-shot answers, used before {@link #script}, in order. */
  private final java.util.Queue<Consumer<HttpServerResponse>> once = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private HttpServer server;

  private FakeOpenAi(Vertx vertx) {
    this.vertx = vertx;
  }

  public static FakeOpenAi start(Vertx vertx) {
    FakeOpenAi fake = new FakeOpenAi(vertx);
    fake.server = vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1").await();
    return fake;
  }

  /** The base URL as OpenAI-compatible servers are configured ({@code …/v1}). */
  public String baseUrl() {
    return root() + "/v1";
  }

  /** The server's root URL, as the other providers' base URLs are configured. */
  public String root() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<Call> calls() {
    return calls;
  }

  /** Answers with {@code body} as an event stream, written in pieces of the given sizes (cycled), {@code gapMs} apart. */
  public FakeOpenAi replay(byte[] body, int[] pieceSizes, long gapMs) {
    script = response -> {
      response.setChunked(true).putHeader("Content-Type", "text/event-stream");
      writePieces(response, split(body, pieceSizes), 0, gapMs, true);
    };
    return this;
  }

  /** Like {@link #replay} but never ends the response: the provider goes silent after the body. */
  public FakeOpenAi replayThenHang(byte[] body, int[] pieceSizes, long gapMs) {
    script = response -> {
      response.setChunked(true).putHeader("Content-Type", "text/event-stream");
      writePieces(response, split(body, pieceSizes), 0, gapMs, false);
    };
    return this;
  }

  /** Answers {@code status} with a JSON body, as providers do for auth, rate-limit and server errors. */
  public FakeOpenAi fail(int status, String body) {
    script = response -> response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    return this;
  }

  /** Answers 200 with a JSON body, as a provider's model list. */
  public FakeOpenAi json(String body) {
    script = response -> response.putHeader("Content-Type", "application/json").end(body);
    return this;
  }

  /** Answers the next call only with {@code status} and a {@code Retry-After} (when not null), then goes back to the script. */
  public FakeOpenAi failOnce(int status, String retryAfter, String body) {
    once.add(response -> {
      if (retryAfter != null) {
        response.putHeader("Retry-After", retryAfter);
      }
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    });
    return this;
  }

  /** Accepts the request and never answers. */
  public FakeOpenAi silence() {
    script = response -> { };
    return this;
  }

  private void handle(HttpServerRequest request) {
    Promise<Void> closed = Promise.promise();
    request.connection().closeHandler(v -> closed.tryComplete());
    request.body().onSuccess(body -> {
      calls.add(new Call(request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.length() == 0 ? null : body.toJsonObject(), request.getHeader("Authorization"), closed.future(),
          System.nanoTime(), request.method().name()));
      Consumer<HttpServerResponse> next = once.poll();
      (next != null ? next : script).accept(request.response());
    });
  }

  private void writePieces(HttpServerResponse response, List<Buffer> pieces, int index, long gapMs, boolean end) {
    if (response.closed()) {
      return;
    }
    if (index == pieces.size()) {
      if (end) {
        response.end();
      }
      return;
    }
    response.write(pieces.get(index));
    vertx.setTimer(Math.max(1, gapMs), id -> writePieces(response, pieces, index + 1, gapMs, end));
  }

  static List<Buffer> split(byte[] body, int[] sizes) {
    List<Buffer> pieces = new ArrayList<>();
    int offset = 0;
    for (int i = 0; offset < body.length; i++) {
      int size = Math.min(sizes[i % sizes.length], body.length - offset);
      pieces.add(Buffer.buffer().appendBytes(body, offset, size));
      offset += size;
    }
    return pieces;
  }

  /** A recorded provider stream from {@code src/test/resources/recordings}. */
  public static byte[] recording(String name) {
    try (InputStream in = FakeOpenAi.class.getResourceAsStream("/recordings/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no recording " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
