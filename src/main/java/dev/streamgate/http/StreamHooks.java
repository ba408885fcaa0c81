package dev.streamgate.http;

/** What the HTTP verticle learns from its streams: for the sweep, the node's figures, metrics and logs. */
interface StreamHooks {

  void opened(TurnStream stream);

  /** Deltas written (called per chunk: must stay cheap). */
  void relayed(int deltas);

  /** A keep-alive was sent on a quiet stream. */
  void heartbeat();

  /** The turn ended; {@link TurnStream#endCode()} says how. */
  void closed(TurnStream stream, long nanos);
}
