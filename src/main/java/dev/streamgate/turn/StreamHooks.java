package dev.streamgate.turn;

import dev.streamgate.bus.Delta;
import java.util.List;

/** What the HTTP verticle learns from its streams: for the sweep, the node's figures, metrics and logs. */
interface StreamHooks {

  void opened(TurnStream stream);

  /** {@code deltas} written (called per chunk: must stay cheap), after {@link TurnStream#chunks()} counted them. */
  void relayed(TurnStream stream, List<Delta> deltas);

  /** The turn ended; {@link TurnStream#endCode()} says how. */
  void closed(TurnStream stream, long nanos);
}
