package dev.streamgate.dialect;

import dev.streamgate.Failure;
/** A failed turn: why, from the one vocabulary of failures, and a message fit for the client (no secrets). */
public record TurnFailure(String turnId, String sessionId, Failure failure, String message) {

  /** The wire code of the failure. */
  public String code() {
    return failure.code();
  }
}
