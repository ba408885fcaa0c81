package dev.streamgate.dialect;

import dev.streamgate.bus.TurnContext;

/** What a dialect knows when a turn starts: its id and its context (session null for stateless dialects). */
public record TurnStart(String turnId, TurnContext context) {
}
