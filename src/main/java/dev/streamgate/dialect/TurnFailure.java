package dev.streamgate.dialect;

/** A failed turn: a stable {@code code} and a message fit for the client (no secrets). */
public record TurnFailure(String turnId, String sessionId, String code, String message) {
}
