package dev.streamgate.turn;

import dev.streamgate.bus.Delta;
import dev.streamgate.limits.Slot;
import java.util.List;

/** A turn's hooks that give its {@link Slot} back when it ends, whatever ends it, before the node's own hooks run. */
record SlotRelease(StreamHooks hooks, Slot slot) implements StreamHooks {

  @Override
  public void opened(TurnStream stream) {
    hooks.opened(stream);
  }

  @Override
  public void relayed(TurnStream stream, List<Delta> deltas) {
    hooks.relayed(stream, deltas);
  }

  @Override
  public void closed(TurnStream stream, long nanos) {
    slot.release();
    hooks.closed(stream, nanos);
  }
}
