package dev.streamgate.session;

import dev.streamgate.support.GatewayUnderTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;

/** Stored responses in a node's own memory (one node: its store is not shared). */
class MemoryStoredResponsesTest extends StoredResponsesContract {

  private final Vertx vertx = Vertx.vertx();

  @Override
  Nodes nodes() {
    String node = GatewayUnderTest.start(vertx, ENV).url("");
    return new Nodes(vertx.eventBus(), node, node);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }
}
