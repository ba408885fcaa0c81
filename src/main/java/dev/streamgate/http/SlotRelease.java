package dev.streamgate.http;

import dev.streamgate.limits.Slot;

/** A turn's hooks that give its {@link Slot} back when it ends, whatever ends it, before the node's own hooks run. */
record SlotRelease(StreamHooks hooks, Slot slot) implements StreamHooks {

  @Override
  public void opened(TurnStream stream) {
    hooks.opened(stream);
  }

  @Override
  public void closed(TurnStream stream, boolean success, long nanos) {
    slot.release();
    hooks.closed(stream, success, nanos);
  }
}
