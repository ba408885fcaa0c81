package dev.streamgate.turn;

import dev.streamgate.config.GatewayConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one event-stream response for a client that stopped reading: its write queue stays full
 * (the socket's buffers and Vert.x's queue are full), or too many bytes pile up behind the full queue.
 * Past either bound the connection is closed at once, which frees what was queued for it and runs the
 * response's close handler: from there the turn goes the way of any client that went away. Used on the
 * response's event loop; the sweep checks the time bound once a second.
 */
public final class SlowReader {

  /** How long a write queue may stay full, and how much may be written behind it; 0 for no bound. */
  public record Bounds(long maxFullNanos, long maxPendingBytes) {

    public static Bounds of(GatewayConfig.Limits limits) {
      return new Bounds(TimeUnit.MILLISECONDS.toNanos(limits.slowClientMs()), limits.slowClientBytes());
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SlowReader.class);

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Bounds bounds;
  private boolean full;
  private Runnable onDrain;
  private long fullSince;
  private long pendingBytes;
  private boolean dropped;

  SlowReader(HttpServerRequest request, Bounds bounds) {
    this.request = request;
    this.response = request.response();
    this.bounds = bounds;
  }

  /**
   * True when the write queue is full; then {@code drained} (if not null; the last one given) runs once
   * it has drained.
   */
  boolean full(Runnable drained) {
    if (!full) {
      if (!response.writeQueueFull()) {
        return false;
      }
      full = true;
      fullSince = System.nanoTime();
      response.drainHandler(v -> {
        full = false;
        pendingBytes = 0;
        Runnable then = onDrain;
        onDrain = null;
        if (then != null) {
          then.run();
        }
      });
    }
    if (drained != null) {
      onDrain = drained;
    }
    return true;
  }

  /** {@code bytes} were just written: counted while the queue is full, and the client dropped past the bound. */
  void wrote(int bytes) {
    if (full) {
      pendingBytes += bytes;
      if (bounds.maxPendingBytes() > 0 && pendingBytes > bounds.maxPendingBytes()) {
        drop();
      }
    }
  }

  /** Called by the sweep: a queue full for longer than the bound drops the client. */
  void sweep(long now) {
    if (full && bounds.maxFullNanos() > 0 && now - fullSince > bounds.maxFullNanos()) {
      drop();
    }
  }

  private void drop() {
    if (!dropped && !response.closed() && !response.ended()) {
      dropped = true;
      LOG.info("dropped a client that stopped reading: write queue full for {} ms, {} bytes written behind it",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fullSince), pendingBytes);
      abort();
    }
  }

  /**
   * HTTP/2 resets the stream. HTTP/1's reset closes the connection the way Vert.x closes one, after what
   * is queued has been flushed: never, for a client that does not read (Vert.x's pipeline handler turns
   * every close of the channel into that). So the close starts from that handler's own context, below
   * it: the socket closes at once and what was queued is dropped. Vert.x 5.0 has no public call for it.
   */
  private void abort() {
    if (request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase connection) {
      connection.channelHandlerContext().close();
    } else {
      response.reset();
    }
  }
}
