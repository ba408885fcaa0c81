package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatChunk;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Where one HTTP verticle receives the chunks of its turns: one address ({@link Addresses#inbox}),
 * registered at start and awaited, that hands every chunk to the turn it names. One registration per
 * verticle, not per turn: a turn costs a map entry, not an event-bus registration (which, clustered,
 * costs milliseconds, churns {@code __vertx.subs} and propagates asynchronously, and even locally costs
 * more than the turn's own chunks, metrics included). On a clustered node the address is registered
 * cluster-wide, so an upstream verticle on another node reaches it; alone, node-locally.
 * Used only on the HTTP verticle's event loop.
 */
final class ChunkInbox {

  private final String address;
  private final Map<String, Handler<ChatChunk>> turns = new HashMap<>();

  private ChunkInbox(String address) {
    this.address = address;
  }

  /** The inbox of an HTTP verticle; call from its start. */
  static Future<ChunkInbox> create(Vertx vertx) {
    ChunkInbox inbox = new ChunkInbox(Addresses.inbox(UUID.randomUUID().toString()));
    Handler<Message<ChatChunk>> deliver = msg -> inbox.dispatch(msg.body());
    MessageConsumer<ChatChunk> consumer = vertx.isClustered() ? vertx.eventBus().consumer(inbox.address, deliver)
        : vertx.eventBus().localConsumer(inbox.address, deliver);
    return consumer.completion().map(inbox);
  }

  /** The address the upstream verticle sends this verticle's chunks to. */
  String address() {
    return address;
  }

  /** Starts handing {@code turnId}'s chunks to {@code handler}; the result stops it. */
  Runnable open(String turnId, Handler<ChatChunk> handler) {
    turns.put(turnId, handler);
    return () -> turns.remove(turnId);
  }

  /** A chunk of a turn that has ended (or never began here) is dropped, as an unregistered consumer would. */
  private void dispatch(ChatChunk chunk) {
    Handler<ChatChunk> handler = turns.get(chunk.turnId());
    if (handler != null) {
      handler.handle(chunk);
    }
  }
}
