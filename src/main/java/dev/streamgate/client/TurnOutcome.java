package dev.streamgate.client;

/**
 * How one chat message went, for the statistics: whether the stream completed, the chunks that carried
 * text, the seconds from sending to the end and to the first text (null when no text came).
 */
record TurnOutcome(boolean success, int chunks, double seconds, Double firstTokenSeconds) {

  /** The server could not be reached or refused the message: no stream at all. */
  static TurnOutcome unreached(double seconds) {
    return new TurnOutcome(false, 0, seconds, null);
  }
}
