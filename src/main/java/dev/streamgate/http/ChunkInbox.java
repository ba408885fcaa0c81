package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where one HTTP verticle receives the chunks of its turns. A node alone gives each turn a node-local
 * consumer ({@link Addresses#stream}, local-only sends: no cluster cost). A clustered node may have its
 * turns answered by an upstream verticle on another node, which a local consumer never hears from; so
 * each HTTP verticle registers one clustered address ({@link Addresses#inbox}) at start, awaited, and
 * hands every chunk to the turn it names. One registration per verticle, not per turn: a clustered
 * registration costs milliseconds, churns {@code __vertx.subs} and propagates asynchronously.
 * Used only on the HTTP verticle's event loop.
 */
final class ChunkInbox {

  private final EventBus bus;
  private final String address;
  private final Map<String, Handler<ChatChunk>> turns = new HashMap<>();

  private ChunkInbox(EventBus bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  /** The inbox of an HTTP verticle; call from its start. */
  static Future<ChunkInbox> create(Vertx vertx) {
    if (!vertx.isClustered()) {
      return Future.succeededFuture(new ChunkInbox(vertx.eventBus(), null));
    }
    ChunkInbox inbox = new ChunkInbox(vertx.eventBus(), Addresses.inbox(UUID.randomUUID().toString()));
    return vertx.eventBus().<ChatChunk>consumer(inbox.address, msg -> inbox.dispatch(msg.body()))
        .completion().map(inbox);
  }

  /** The address the upstream verticle sends chunks to, or null: the turn's node-local address. */
  String address() {
    return address;
  }

  /** Starts handing {@code turnId}'s chunks to {@code handler}; the result stops it. */
  Future<Runnable> open(String turnId, Handler<ChatChunk> handler) {
    if (address != null) {
      turns.put(turnId, handler);
      return Future.succeededFuture(() -> turns.remove(turnId));
    }
    MessageConsumer<ChatChunk> consumer = bus.localConsumer(Addresses.stream(turnId), msg -> handler.handle(msg.body()));
    return consumer.completion().map(v -> consumer::unregister);
  }

  /** A chunk of a turn that has ended (or never began here) is dropped, as an unregistered consumer would. */
  private void dispatch(ChatChunk chunk) {
    Handler<ChatChunk> handler = turns.get(chunk.turnId());
    if (handler != null) {
      handler.handle(chunk);
    }
  }
}
