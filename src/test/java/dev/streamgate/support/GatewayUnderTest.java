package dev.streamgate.support;

import dev.streamgate.MainVerticle;
import dev.streamgate.cluster.Membership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real Streamgate node on a random port, configured the way an operator would: through the
 * environment names of the README (over conf/config.yaml), here passed as a map.
 */
public final class GatewayUnderTest {

  private final MainVerticle node;

  private GatewayUnderTest(MainVerticle node) {
    this.node = node;
  }

  /** Starts a node with one HTTP verticle, a fast mock model, and {@code env} on top. Blocks until it listens. */
  public static GatewayUnderTest start(Vertx vertx, Map<String, String> env) {
    return start(vertx, Membership.ALONE, env);
  }

  /** {@link #start(Vertx, Map)} on a clustered {@code vertx}, whose node is {@code membership}. */
  public static GatewayUnderTest start(Vertx vertx, Membership membership, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("PORT", "0", "HOST", "127.0.0.1", "HTTP_INSTANCES", "1",
        "MOCK_DELAY_MS", "5"));
    all.putAll(env);
    MainVerticle node = new MainVerticle(all, new Properties(), membership);
    vertx.deployVerticle(node).await();
    return new GatewayUnderTest(node);
  }

  public static GatewayUnderTest start(Vertx vertx) {
    return start(vertx, Map.of());
  }

  /** What SIGTERM does before Vert.x is closed: see {@link MainVerticle#drain}. */
  public Future<Void> drain() {
    return node.drain();
  }

  public int port() {
    return node.port();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }
}
