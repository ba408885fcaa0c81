package dev.streamgate.lifecycle;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A node's graceful stop (SIGTERM), shared by its verticles: once begun, the node takes no new turns
 * ({@code 503} with {@code Retry-After}, {@code /health} says {@code draining}), each verticle waits for
 * its running turns to end until the deadline, interrupts those still running then, and the node leaves
 * the cluster. Thread-safe: begun from the shutdown hook's thread, read on every event loop.
 */
public final class Drain {

  private static final long CHECK_MS = 50;
  /** After the deadline, how long interrupted turns get to store their reply and send their last event. */
  private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private volatile long deadline;
  private volatile boolean begun;

  /** Stops admission now; running turns have until {@code seconds} from now. */
  public void begin(int seconds) {
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    begun = true;
  }

  public boolean draining() {
    return begun;
  }

  /** Whole seconds left before running turns are interrupted; 0 once past (or not draining). */
  public long secondsLeft() {
    return begun ? Math.max(0, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime())) : 0;
  }

  /**
   * Completes, on the calling context, once {@code idle} holds: checked every few milliseconds; at the
   * deadline {@code interrupt} runs once, and a few seconds later the wait ends whatever {@code idle} says.
   */
  public Future<Void> settle(Vertx vertx, BooleanSupplier idle, Runnable interrupt) {
    Settling settling = new Settling(vertx, idle, interrupt);
    vertx.setPeriodic(CHECK_MS, settling::check);
    return settling.settled.future();
  }

  /** Completes, on the calling context, once {@code done} holds, or after {@code maxMillis} whatever it says. */
  public static Future<Void> until(Vertx vertx, BooleanSupplier done, long maxMillis) {
    Promise<Void> over = Promise.promise();
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    vertx.setPeriodic(1, CHECK_MS, timer -> {
      if (done.getAsBoolean() || System.nanoTime() - until > 0) {
        vertx.cancelTimer(timer);
        over.tryComplete();
      }
    });
    return over.future();
  }

  /** One verticle's wait, on its own event loop. */
  private final class Settling {
    private final Promise<Void> settled = Promise.promise();
    private final Vertx vertx;
    private final BooleanSupplier idle;
    private Runnable interrupt;

    Settling(Vertx vertx, BooleanSupplier idle, Runnable interrupt) {
      this.vertx = vertx;
      this.idle = idle;
      this.interrupt = interrupt;
    }

    void check(long timer) {
      long now = System.nanoTime();
      if (idle.getAsBoolean() || now - deadline > SETTLE_NANOS) {
        vertx.cancelTimer(timer);
        settled.tryComplete();
      } else if (now - deadline >= 0 && interrupt != null) {
        interrupt.run();
        interrupt = null;
      }
    }
  }
}
