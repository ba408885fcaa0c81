package dev.streamgate.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * Vert.x's meters, with the HTTP server's made safe for a connection accepted in the first moments of a
 * node. Vert.x 5.0 creates a server's meters only once its socket is bound ({@code NetServerImpl.bind},
 * in the bind's listener), but the socket accepts connections from the bind on: such a connection has
 * no socket meter, its requests' meters then fail (vertx-micrometer-metrics reads the missing meter's
 * tags), and the request is never answered. Here such a connection and its requests are not measured,
 * and are served.
 */
final class EarlyConnectionGuard implements VertxMetrics {

  private final VertxMetrics metrics;

  EarlyConnectionGuard(VertxMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
    HttpServerMetrics<?, ?, ?> server = metrics.createHttpServerMetrics(options, localAddress);
    return server == null ? null : new Server<>(server);
  }

  @Override
  public EventBusMetrics<?> createEventBusMetrics() {
    return metrics.createEventBusMetrics();
  }

  @Override
  public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
    return metrics.createClientMetrics(remoteAddress, type, namespace);
  }

  @Override
  public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
    return metrics.createHttpClientMetrics(options);
  }

  @Override
  public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
    return metrics.createNetServerMetrics(options, localAddress);
  }

  @Override
  public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
    return metrics.createNetClientMetrics(options);
  }

  @Override
  public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
    return metrics.createDatagramSocketMetrics(options);
  }

  @Override
  public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
    return metrics.createPoolMetrics(type, name, maxSize);
  }

  @Override
  public void vertxCreated(Vertx vertx) {
    metrics.vertxCreated(vertx);
  }

  @Override
  public boolean isMetricsEnabled() {
    return metrics.isMetricsEnabled();
  }

  @Override
  public void close() {
    metrics.close();
  }

  /** An HTTP server's meters that skip a connection without socket meter, and its requests. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final class Server<R, W, S> implements HttpServerMetrics<R, W, S> {
    private final HttpServerMetrics meters;

    Server(HttpServerMetrics meters) {
      this.meters = meters;
    }

    @Override
    public S connected(SocketAddress remoteAddress, String remoteName) {
      return (S) meters.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(S socket, SocketAddress remoteAddress) {
      if (socket != null) {
        meters.disconnected(socket, remoteAddress);
      }
    }

    @Override
    public void bytesRead(S socket, SocketAddress remoteAddress, long numberOfBytes) {
      if (socket != null) {
        meters.bytesRead(socket, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void bytesWritten(S socket, SocketAddress remoteAddress, long numberOfBytes) {
      if (socket != null) {
        meters.bytesWritten(socket, remoteAddress, numberOfBytes);
      }
    }

    @Override
    public void exceptionOccurred(S socket, SocketAddress remoteAddress, Throwable t) {
      if (socket != null) {
        meters.exceptionOccurred(socket, remoteAddress, t);
      }
    }

    @Override
    public R requestBegin(S socket, HttpRequest request) {
      return socket == null ? null : (R) meters.requestBegin(socket, request);
    }

    @Override
    public void requestEnd(R request, HttpRequest httpRequest, long bytesRead) {
      if (request != null) {
        meters.requestEnd(request, httpRequest, bytesRead);
      }
    }

    @Override
    public void requestReset(R request) {
      if (request != null) {
        meters.requestReset(request);
      }
    }

    @Override
    public void responseBegin(R request, HttpResponse response) {
      if (request != null) {
        meters.responseBegin(request, response);
      }
    }

    @Override
    public R responsePushed(S socket, HttpMethod method, String uri, HttpResponse response) {
      return socket == null ? null : (R) meters.responsePushed(socket, method, uri, response);
    }

    @Override
    public void responseEnd(R request, HttpResponse response, long bytesWritten) {
      if (request != null) {
        meters.responseEnd(request, response, bytesWritten);
      }
    }

    @Override
    public W connected(S socket, R request, ServerWebSocket webSocket) {
      return socket == null || request == null ? null : (W) meters.connected(socket, request, webSocket);
    }

    @Override
    public void disconnected(W webSocket) {
      if (webSocket != null) {
        meters.disconnected(webSocket);
      }
    }

    @Override
    public void requestRouted(R request, String route) {
      if (request != null) {
        meters.requestRouted(request, route);
      }
    }

    @Override
    public void close() {
      meters.close();
    }
  }
}
