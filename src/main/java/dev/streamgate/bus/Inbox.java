package dev.streamgate.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where one HTTP verticle receives a kind of record addressed to one of its turns or readings: one
 * address, registered at start and awaited, that hands every record to the handler its key names. One
 * registration per verticle, not per turn: a turn costs a map entry, not an event-bus registration
 * (which, clustered, costs milliseconds, churns {@code __vertx.subs} and propagates asynchronously, and
 * even locally costs more than the turn's own chunks, metrics included). On a clustered node the
 * address is registered cluster-wide, so a verticle on another node reaches it; alone, node-locally.
 * Used only on the HTTP verticle's event loop.
 */
public final class Inbox<T> {

  private final String address;
  private final Function<T, String> key;
  private final Map<String, Handler<T>> handlers = new HashMap<>();

  private Inbox(String address, Function<T, String> key) {
    this.address = address;
    this.key = key;
  }

  /** The inbox at {@code address} whose records name their handler by {@code key}; call from the verticle's start. */
  public static <T> Future<Inbox<T>> create(Vertx vertx, String address, Function<T, String> key) {
    Inbox<T> inbox = new Inbox<>(address, key);
    Handler<Message<T>> deliver = msg -> inbox.dispatch(msg.body());
    MessageConsumer<T> consumer = vertx.isClustered() ? vertx.eventBus().consumer(address, deliver)
        : vertx.eventBus().localConsumer(address, deliver);
    return consumer.completion().map(inbox);
  }

  /** The address senders send this verticle's records to. */
  public String address() {
    return address;
  }

  /** Starts handing the records named {@code name} to {@code handler}; the result stops it. */
  public Runnable open(String name, Handler<T> handler) {
    handlers.put(name, handler);
    return () -> handlers.remove(name);
  }

  /** A record for a name that is gone (or never was here) is dropped, as an unregistered consumer would. */
  private void dispatch(T record) {
    Handler<T> handler = handlers.get(key.apply(record));
    if (handler != null) {
      handler.handle(record);
    }
  }
}
