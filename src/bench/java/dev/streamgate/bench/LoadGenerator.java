package dev.streamgate.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The driver's client side: one Vert.x instance (native epoll when it loads) with a few event loops,
 * over which streams are spread round robin. Streams are started from the driver's thread with
 * {@code runOnContext}, so each stream and its connection live on one event loop for their whole life;
 * calling the client from a plain thread instead would put every stream on one "sticky" context.
 */
final class LoadGenerator implements AutoCloseable {

  private final Vertx vertx;
  private final List<Context> loops = new CopyOnWriteArrayList<>();

  LoadGenerator(int eventLoops) {
    vertx = Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops))
        .build();
    vertx.deployVerticle(() -> new Loop(loops), new DeploymentOptions().setInstances(eventLoops)).await();
  }

  boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** A client for one target; close it after the scenario so its connections do not pile up. */
  TargetClient connect(Target target) {
    return new TargetClient(vertx, loops, target);
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  /** Does nothing but hand over its context: one per event loop, since instances are spread over them. */
  private static final class Loop extends VerticleBase {
    private final List<Context> loops;

    Loop(List<Context> loops) {
      this.loops = loops;
    }

    @Override
    public Future<?> start() {
      loops.add(context);
      return Future.succeededFuture();
    }
  }
}
