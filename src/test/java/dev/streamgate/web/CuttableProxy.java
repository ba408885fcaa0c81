package dev.streamgate.web;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the gateway whose open connections can be cut at once, the way a flaky
 * network or a restarted load balancer drops them. New connections are relayed as before, so a client
 * can retry. Lives on the caller's Vertx; closed with it.
 */
final class CuttableProxy {

  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;

  static CuttableProxy start(Vertx vertx, int targetPort) {
    CuttableProxy proxy = new CuttableProxy();
    NetClient client = vertx.createNetClient();
    proxy.server = vertx.createNetServer()
        .connectHandler(front -> proxy.relay(front, client, targetPort))
        .listen(0, "127.0.0.1").await();
    return proxy;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Closes every connection open now, both sides. */
  void cut() {
    open.forEach(NetSocket::close);
    open.clear();
  }

  private void relay(NetSocket front, NetClient client, int targetPort) {
    front.pause();
    client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
      if (connected.failed()) {
        front.close();
        return;
      }
      NetSocket back = connected.result();
      open.add(front);
      open.add(back);
      front.closeHandler(v -> back.close());
      back.closeHandler(v -> front.close());
      front.pipeTo(back);
      back.pipeTo(front);
    });
  }
}
