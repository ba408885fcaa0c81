package dev.streamgate.session;

import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The session limits over a node's own memory (one node: its store is not shared). */
class MemorySessionLimitsTest extends SessionLimitsContract {

  private final Vertx vertx = Vertx.vertx();

  @Override
  List<String> nodes(Map<String, String> env) {
    String node = GatewayUnderTest.start(vertx, env).url("");
    return List.of(node, node);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }
}
