package dev.streamgate;

import ch.qos.logback.classic.LoggerContext;
import dev.streamgate.client.TerminalClient;
import dev.streamgate.cluster.ClusterBoot;
import dev.streamgate.cluster.Membership;
import dev.streamgate.config.ConfigException;
import dev.streamgate.config.ConfigLoader;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.config.NodeStart;
import dev.streamgate.lifecycle.Banner;
import dev.streamgate.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar streamgate.jar}: starts one node; with {@code --cluster} (or {@code CLUSTER=true}) a
 * clustered one ({@link ClusterBoot}). A node that cannot start prints one line naming the problem and
 * exits with status 1. {@code java -jar streamgate.jar client …} runs the terminal
 * client instead, without Vert.x.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  /** Beyond the drain time: settling interrupted turns, handing journals over, leaving the cluster. */
  private static final long CLOSE_SECONDS = 20;

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("client")) {
      System.exit(TerminalClient.launch(Arrays.copyOfRange(args, 1, args.length)));
    }
    vertx(args).onSuccess(Main::run).onFailure(err -> {
      System.err.println("streamgate: " + describe(err));
      System.exit(1);
    });
  }

  /**
   * A Vert.x built from the start-up settings ({@link NodeStart}, read by {@link ConfigLoader}: the only
   * reader of the environment) and the {@code --cluster} argument; failed when a setting is invalid.
   */
  private static Future<ClusterBoot.Started> vertx(String[] args) {
    NodeStart start;
    try {
      start = ConfigLoader.nodeStart();
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    // epoll when the native library loads, NIO otherwise: preferring never prevents a start. One event
    // loop per core: HTTP and upstream verticles (one each per core) then share loops pairwise. Vert.x's
    // own meters feed /metrics unless VERTX_METRICS=false (Streamgate's own are always there), its
    // event-bus meters only with VERTX_EVENTBUS_METRICS=true.
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors());
    // Only a clustered start touches ClusterBoot, hence Hazelcast.
    boolean clustered = Arrays.asList(args).contains("--cluster") || start.clustered();
    VertxBuilder builder = NodeMetrics.builder(clustered ? ClusterBoot.configure(options, start) : options,
        start.vertxMetrics(), start.eventBusMetrics());
    return clustered ? ClusterBoot.start(builder, start)
        : Future.succeededFuture(new ClusterBoot.Started(builder.build(), Membership.ALONE));
  }

  /**
   * Deploys the node. Only a node that started gets the shutdown hook that drains it: one that did not
   * prints its error alone and exits 1.
   */
  private static void run(ClusterBoot.Started started) {
    Vertx vertx = started.vertx();
    MainVerticle node = new MainVerticle(started.membership());
    vertx.deployVerticle(node)
        .onSuccess(id -> {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, node), "streamgate-shutdown"));
          if ("boxed".equals(node.gatewayConfig().logs().style())) {
            LOG.info(Banner.render(node.gatewayConfig()));
          }
          LOG.info("Streamgate {} {} (provider {}, model {}, roles {}{})", "0.1.0",
              node.port() < 0 ? "running without HTTP" : "listening on http://" + node.gatewayConfig().http().host()
                  + ":" + node.port() + ", demo at /demo", node.gatewayConfig().llm().provider(),
              node.gatewayConfig().llm().defaultModel(), String.join(",", node.gatewayConfig().node().roles()),
              vertx.isClustered() ? ", clustered" : "");
        })
        .onFailure(err -> {
          System.err.println("streamgate: " + describe(err));
          vertx.close().onComplete(v -> System.exit(1));
        });
  }

  /**
   * SIGTERM (or the end of the JVM): drain the node (no new turns, running ones finish within
   * DRAIN_SECONDS, see {@link MainVerticle#drain}), then close Vert.x, which leaves the cluster. The
   * hook's thread may wait; event loops never do.
   */
  private static void stop(Vertx vertx, MainVerticle node) {
    long started = System.nanoTime();
    GatewayConfig config = node.gatewayConfig();
    LOG.info("draining: no new turns; {} running turns have up to {} s", node.activeTurns(),
        config.node().drainSeconds());
    try {
      node.drain()
          .andThen(v -> LOG.info("drained in {} ms; leaving", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)))
          .eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(config.node().drainSeconds() + CLOSE_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    } finally {
      // The appender's thread looks for lines every few ms: write those still queued before the JVM halts.
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
        logging.stop();
      }
    }
  }

  private static String describe(Throwable err) {
    if (err instanceof ConfigException) {
      return err.getMessage();
    }
    String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    return "cannot start: " + message.replaceAll("\\s+", " ");
  }
}
