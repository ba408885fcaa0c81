package dev.streamgate.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.streamgate.dialect.ChunkFrame;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The floor under Streamgate's figures: the least a Vert.x relay can do for the same streams, with
 * the same JVM settings, transport, client and server options, and the same chunk frames on the wire
 * ({@link ChunkFrame}). One verticle per core proxies {@code POST /chat/stream} to the provider and
 * writes each token it reads at once; no event bus, sessions, journal, logs or error handling. What
 * Streamgate adds over this is the cost of its design; what this adds over nginx is Vert.x's.
 *
 * <p>Run as {@code VertxFloorRelay <host> <port> <provider base URL>}.
 */
public final class VertxFloorRelay extends VerticleBase {

  private static final JsonFactory JSON = new JsonFactory();
  private static final ThreadLocal<JsonParser> PARSER = ThreadLocal.withInitial(VertxFloorRelay::nonBlockingParser);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final Buffer OPENING = Buffer.buffer("id: 1\ndata: {\"type\":\"session_info\"}\n\n");

  private final String host;
  private final int port;
  private final String completionsUrl;
  private HttpClient client;

  private VertxFloorRelay(String host, int port, String baseUrl) {
    this.host = host;
    this.port = port;
    this.completionsUrl = baseUrl + "/chat/completions";
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    vertx.deployVerticle(() -> new VertxFloorRelay(args[0], Integer.parseInt(args[1]), args[2]),
        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(10_000));
    // Strict thread mode, as Streamgate's server: responses written on their own loop, straight to the socket.
    return vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true)).requestHandler(this::handle)
        .listen(port, host);
  }

  private void handle(HttpServerRequest request) {
    if ("/health".equals(request.path())) {
      request.response().end("ok");
      return;
    }
    request.body().compose(body -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
            .setAbsoluteURI(completionsUrl).putHeader("Content-Type", "application/json"))
        .compose(upstream -> upstream.send(completion(body.toJsonObject().getString("message")))))
        .onSuccess(upstream -> relay(upstream, request.response()))
        .onFailure(err -> request.response().setStatusCode(502).end());
  }

  private static Buffer completion(String message) {
    return new JsonObject().put("model", "bench").put("stream", true)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", message)))
        .toBuffer();
  }

  /**
   * Provider lines in, one write per network read out: a chunk frame per token, complete on [DONE].
   * Byte-level, as Streamgate's own path: each read scanned in place for line ends, a line's pieces
   * copied once into a per-stream buffer, the JSON parsed from those bytes.
   */
  private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream").write(OPENING);
    LineRelay relay = new LineRelay();
    upstream.handler(bytes -> {
      Buffer out = relay.read(bytes);
      if (out.length() > 0) {
        response.write(out);
      }
    });
    upstream.endHandler(v -> response.end());
  }

  /** One stream's line buffer and counters. */
  private static final class LineRelay {
    private byte[] line = new byte[256];
    private int length;
    private long eventId = 1;
    private int chunks;

    Buffer read(Buffer bytes) {
      Buffer out = Buffer.buffer(256);
      int end = bytes.length();
      int at = 0;
      while (at < end) {
        int lineEnd = at;
        while (lineEnd < end && bytes.getByte(lineEnd) != '\n') {
          lineEnd++;
        }
        int count = lineEnd - at;
        if (length + count > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        bytes.getBytes(at, lineEnd, line, length);
        length += count;
        if (lineEnd == end) {
          break;
        }
        if (length > 6 && line[0] == 'd') {
          if (Arrays.equals(line, 6, length, DONE, 0, DONE.length)) {
            out.appendString("id: " + ++eventId + "\ndata: {\"type\":\"complete\"}\n\n");
          } else {
            String token = content(line, 6, length - 6);
            if (token != null) {
              ChunkFrame.append(out, ++eventId, token, ++chunks);
            }
          }
        }
        length = 0;
        at = lineEnd + 1;
      }
      return out;
    }
  }

  /**
   * The first "content" field of a completion chunk: the token (the provider's chunks have no other).
   * Read as Streamgate reads it: with the thread's one non-blocking parser, fed the whole document,
   * read to its end.
   */
  private static String content(byte[] data, int offset, int length) {
    JsonParser parser = PARSER.get();
    try {
      ((ByteArrayFeeder) parser.getNonBlockingInputFeeder()).feedInput(data, offset, offset + length);
      String content = null;
      for (JsonToken token = parser.nextToken(); token != JsonToken.NOT_AVAILABLE; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME && content == null && "content".equals(parser.currentName())) {
          parser.nextToken();
          content = parser.getValueAsString();
        }
      }
      return content;
    } catch (IOException e) {
      PARSER.remove();
      return null;
    }
  }

  private static JsonParser nonBlockingParser() {
    try {
      return JSON.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
