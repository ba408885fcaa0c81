package dev.streamgate.bus;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.Map;

/**
 * The default codecs of the records sent on the event bus: {@link ChatChunk} per chunk, {@link JournalEntries}
 * to a reader of another node's journal, and per turn
 * {@link TurnBegin}, {@link TurnContext}, {@link LlmRequest}, {@link TurnAccepted} and {@link TurnEnd}, and
 * {@link ToolRefused}, the refusal of a turn's tool results, and {@link SessionListing}, a session list.
 * Local delivery hands over the same immutable instance; between clustered nodes each travels as its
 * documented JSON. Every node registers them all, since a clustered node may receive any of them.
 */
public final class BusCodecs {

  private static final Map<Class<?>, MessageCodec<?, ?>> CODECS = Map.of(
      ChatChunk.class, new BusRecordCodec<>("streamgate.chat-chunk", ChatChunk::toJson, ChatChunk::fromJson),
      JournalEntries.class,
      new BusRecordCodec<>("streamgate.journal-entries", JournalEntries::toJson, JournalEntries::fromJson),
      TurnBegin.class, new BusRecordCodec<>("streamgate.turn-begin", TurnBegin::toJson, TurnBegin::fromJson),
      TurnContext.class, new BusRecordCodec<>("streamgate.turn-context", TurnContext::toJson, TurnContext::fromJson),
      LlmRequest.class, new BusRecordCodec<>("streamgate.llm-request", LlmRequest::toJson, LlmRequest::fromJson),
      TurnAccepted.class,
      new BusRecordCodec<>("streamgate.turn-accepted", TurnAccepted::toJson, TurnAccepted::fromJson),
      TurnEnd.class, new BusRecordCodec<>("streamgate.turn-end", TurnEnd::toJson, TurnEnd::fromJson),
      SessionListing.class,
      new BusRecordCodec<>("streamgate.session-listing", SessionListing::toJson, SessionListing::fromJson),
      ToolRefused.class, new BusRecordCodec<>("streamgate.tool-refused", refused -> refused.refusal().toJson(),
          json -> new ToolRefused(ToolRefusal.fromJson(json))));

  private BusCodecs() {
  }

  public static void register(EventBus bus) {
    CODECS.forEach((type, codec) -> register(bus, type, codec));
  }

  /** The codec of each record type, for tests of the wire form. */
  static Map<Class<?>, MessageCodec<?, ?>> codecs() {
    return CODECS;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(EventBus bus, Class type, MessageCodec codec) {
    try {
      bus.registerDefaultCodec(type, codec);
    } catch (IllegalStateException alreadyRegistered) {
      // Another node deployed in this Vert.x instance (tests) registered it already.
    }
  }
}
