package dev.streamgate.turn;

import dev.streamgate.bus.ChatChunk;
import dev.streamgate.bus.Inbox;
import dev.streamgate.journal.Channels;
import io.vertx.core.eventbus.EventBus;

/**
 * What every turn of one HTTP verticle works with: the event bus, the verticle's chunk inbox, the
 * node's journals and event channels, and the verticle's streams (swept, counted and logged there).
 */
record TurnServices(EventBus bus, Inbox<ChatChunk> inbox, Channels channels, StreamRegistry streams) {
}
