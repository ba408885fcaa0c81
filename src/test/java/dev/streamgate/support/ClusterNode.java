package dev.streamgate.support;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import dev.streamgate.cluster.ClusterBoot;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A clustered Streamgate node in the test JVM: its own clustered Vert.x (its own Hazelcast member,
 * from {@code conf/cluster.xml} with the cluster name of the test run, event bus on 127.0.0.1) and a
 * {@link GatewayUnderTest} deployed on it.
 */
public final class ClusterNode implements AutoCloseable {

  /** conf/cluster.xml's failure detection, shortened so a test that kills a node need not wait 10 s. */
  private static final Map<String, String> FAST_FAILURE_DETECTION = Map.of(
      "hazelcast.heartbeat.interval.seconds", "1", "hazelcast.max.no.heartbeat.seconds", "4");

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
    FAST_FAILURE_DETECTION.forEach(config::setProperty);
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(2);
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    ClusterBoot.Started started = ClusterBoot.start(Vertx.builder().with(options), config).await();
    return new ClusterNode(started.vertx(), GatewayUnderTest.start(started.vertx(), started.membership(), env));
  }

  /**
   * {@code conf/cluster.xml} with the cluster name of the test run, written to {@code dir}: what a node
   * started in its own process ({@link ClusterNodeProcess}) is given as {@code CLUSTER_CONFIG} to join this cluster.
   */
  public static Path configFile(String clusterName, Path dir) {
    try {
      String xml = Files.readString(Path.of(ClusterBoot.DEFAULT_CONFIG));
      String named = xml.replace("<cluster-name>streamgate</cluster-name>", "<cluster-name>" + clusterName + "</cluster-name>");
      for (Map.Entry<String, String> property : FAST_FAILURE_DETECTION.entrySet()) {
        named = named.replaceFirst("<property name=\"" + property.getKey() + "\">[^<]*</property>",
            "<property name=\"" + property.getKey() + "\">" + property.getValue() + "</property>");
      }
      if (named.equals(xml) || !FAST_FAILURE_DETECTION.values().stream().allMatch(named::contains)) {
        throw new IllegalStateException(ClusterBoot.DEFAULT_CONFIG + " no longer has the cluster name or properties set here");
      }
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("cluster.xml"), named).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public GatewayUnderTest gateway() {
    return gateway;
  }

  /** This node's Hazelcast member: where a key's partition lives, what the cluster sees. */
  public HazelcastInstance hazelcast() {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }

  /** The Vert.x node id of a Hazelcast member (vertx-hazelcast keeps it as a member attribute, not the member's UUID). */
  public static String vertxNodeId(Member member) {
    return member.getAttribute("__vertx.nodeId");
  }

  /** This node's cluster id, as Vert.x and {@code /health} name it. */
  public String nodeId() {
    return ((VertxInternal) vertx).clusterManager().getNodeId();
  }

  public String url(String path) {
    return gateway.url(path);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
