package dev.streamgate.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;

/**
 * Requests served by the instance of a service that runs on the caller's own event loop. A service
 * deployed once per core registers its address twice: shared, and qualified by its event-loop
 * thread. Callers ask the qualified address first: the message, its reply and every chunk of a turn
 * then stay on one thread, with no cross-thread hand-off and wake-up per message. When no instance
 * shares the caller's loop, the shared address serves: an instance of this node if there is one, else
 * of any node (same result).
 */
public final class LoopAffinity {

  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private LoopAffinity() {
  }

  /** {@code service} as served on the event-loop thread named {@code eventLoop}. */
  public static String address(String service, String eventLoop) {
    return service + "@" + eventLoop;
  }

  /** Registers {@code handler} on the shared and the loop-qualified address; call from the verticle's start. */
  public static <T> Future<Void> serve(EventBus bus, String service, Handler<Message<T>> handler) {
    return register(bus, service, handler).mapEmpty();
  }

  /** As {@link #serve}, with the two consumers, for a verticle that stops serving before it stops (a draining node). */
  public static <T> Future<List<MessageConsumer<T>>> register(EventBus bus, String service, Handler<Message<T>> handler) {
    MessageConsumer<T> shared = bus.consumer(service, handler);
    MessageConsumer<T> local = bus.localConsumer(address(service, Thread.currentThread().getName()), handler);
    return Future.all(shared.completion(), local.completion()).map(List.of(shared, local));
  }

  /**
   * Asks the instance on the calling thread's loop, else one on this node, else any instance of the
   * cluster: a node never sends to another node what it can serve itself (a clustered point-to-point
   * send round-robins over every node's handlers, a node that has just died included).
   */
  public static <T> Future<Message<T>> request(EventBus bus, String service, Object body) {
    return bus.<T>request(address(service, Thread.currentThread().getName()), body)
        .recover(err -> isNoHandlers(err) ? bus.<T>request(service, body, THIS_NODE) : Future.failedFuture(err))
        .recover(err -> isNoHandlers(err) ? bus.<T>request(service, body) : Future.failedFuture(err));
  }

  private static boolean isNoHandlers(Throwable err) {
    return err instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
