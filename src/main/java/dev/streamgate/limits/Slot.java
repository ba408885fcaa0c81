package dev.streamgate.limits;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One turn's place among the node's (and its key's) running turns, from {@link Admission#turn}. Given
 * back exactly once whatever ends the turn: {@link #release} may be called from every ending path, on
 * any thread; only the first call counts.
 */
public final class Slot {

  private final AtomicBoolean released = new AtomicBoolean();
  private final Runnable onRelease;

  Slot(Runnable onRelease) {
    this.onRelease = onRelease;
  }

  public void release() {
    if (released.compareAndSet(false, true)) {
      onRelease.run();
    }
  }
}
