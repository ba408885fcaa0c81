package dev.streamgate.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import dev.streamgate.cluster.ClusterBoot;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * A clustered Streamgate node in the test JVM: its own clustered Vert.x (its own Hazelcast member,
 * from {@code conf/cluster.xml} with the cluster name of the test run, event bus on 127.0.0.1) and a
 * {@link GatewayUnderTest} deployed on it.
 */
public final class ClusterNode implements AutoCloseable {

  private final Vertx vertx;
  private final GatewayUnderTest gateway;

  private ClusterNode(Vertx vertx, GatewayUnderTest gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
  }

  /** A cluster name no other test run uses, so concurrent runs on one machine never join each other. */
  public static String uniqueClusterName() {
    return "streamgate-test-" + UUID.randomUUID();
  }

  /** Joins {@code clusterName} and starts a node with {@code env} (ROLES…); blocks until it is up. */
  public static ClusterNode start(String clusterName, Map<String, String> env) {
    Config config;
    try {
      config = new FileSystemXmlConfig(ClusterBoot.DEFAULT_CONFIG);
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException(e);
    }
    config.setClusterName(clusterName);
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(2);
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    Vertx vertx = ClusterBoot.start(options, config).await();
    return new ClusterNode(vertx, GatewayUnderTest.start(vertx, env));
  }

  public Vertx vertx() {
    return vertx;
  }

  public String url(String path) {
    return gateway.url(path);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
