package dev.streamgate.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Requests served by the instance of a service that runs on the caller's own event loop. A service
 * deployed once per core registers its address twice: shared, and qualified by its event-loop
 * thread. Callers ask the qualified address first: the message, its reply and every chunk of a turn
 * then stay on one thread, with no cross-thread hand-off and wake-up per message. When no instance
 * shares the caller's loop, the shared address serves: an instance of this node if there is one, else
 * of any node (same result).
 */
public final class LoopAffinity {

  /**
   * The failure code of an instance that is stopping (its node drains) and did nothing with the request:
   * ask another. (HTTP's "misdirected request".)
   */
  public static final int STOPPING = 421;

  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);
  /** Round robin moves on at each send, so a few attempts reach an instance that is not stopping. */
  private static final int CLUSTER_ATTEMPTS = 3;

  private LoopAffinity() {
  }

  /** {@code service} as served on the event-loop thread named {@code eventLoop}. */
  public static String address(String service, String eventLoop) {
    return service + "@" + eventLoop;
  }

  /** Registers {@code handler} on the shared and the loop-qualified address; call from the verticle's start. */
  public static <T> Future<Void> serve(EventBus bus, String service, Handler<Message<T>> handler) {
    return Future.all(
        bus.<T>consumer(service, handler).completion(),
        bus.<T>localConsumer(address(service, Thread.currentThread().getName()), handler).completion())
        .mapEmpty();
  }

  /**
   * Asks the instance on the calling thread's loop, else one on this node, else any instance of the
   * cluster: a node never sends to another node what it can serve itself (a clustered point-to-point
   * send round-robins over every node's handlers, a node that has just died included). An instance
   * that is stopping refuses with {@link #STOPPING}; the next is asked then (a few times at most).
   */
  public static <T> Future<Message<T>> request(EventBus bus, String service, Object body) {
    return bus.<T>request(address(service, Thread.currentThread().getName()), body)
        .recover(err -> elsewhere(err) ? bus.<T>request(service, body, THIS_NODE) : Future.failedFuture(err))
        .recover(err -> elsewhere(err) ? anyNode(bus, service, body, CLUSTER_ATTEMPTS) : Future.failedFuture(err));
  }

  private static <T> Future<Message<T>> anyNode(EventBus bus, String service, Object body, int attempts) {
    return bus.<T>request(service, body).recover(err -> attempts > 1 && isStopping(err)
        ? anyNode(bus, service, body, attempts - 1) : Future.failedFuture(err));
  }

  /** No instance there, or one that is stopping: another may serve the request. */
  private static boolean elsewhere(Throwable err) {
    return isNoHandlers(err) || isStopping(err);
  }

  private static boolean isStopping(Throwable err) {
    return err instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.failureCode() == STOPPING;
  }

  private static boolean isNoHandlers(Throwable err) {
    return err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
