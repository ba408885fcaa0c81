package dev.streamgate.dialect;

import io.vertx.core.json.JsonObject;

/**
 * A completed turn: the text relayed, how many deltas, how long it took, and the upstream's
 * {@code meta} (provider, model, finish_reason, usage). {@code messageCount} is the session's size
 * after storing the reply, null for a turn without session; {@code storeError} says why storing
 * failed, else null.
 */
public record TurnResult(String turnId, String sessionId, String reply, int chunks, double seconds,
                         Integer messageCount, String storeError, JsonObject meta) {
}
