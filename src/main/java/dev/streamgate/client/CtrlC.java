package dev.streamgate.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * What Ctrl-C (SIGINT) does: while an answer streams, it stops that answer ({@link TurnStop}) and the
 * client goes back to the prompt; at any other time (at the prompt, during a command), or pressed again
 * before the answer has stopped, it leaves the client. SIGINT is handled on a thread of the JVM's own,
 * so the only state shared with the client's thread is the turn being watched, in an atomic reference;
 * the handler never prints while an answer is shown, which would break its layout.
 */
final class CtrlC {

  /** How long a stopped turn's stream may take to end on its own before it is closed here. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private final AtomicReference<TurnStop> turn = new AtomicReference<>();
  private final Runnable leave;
  private final Duration grace;

  /** {@code leave}: what leaving the client means here; it runs on the signal's thread. */
  CtrlC(Runnable leave, Duration grace) {
    this.leave = leave;
    this.grace = grace;
  }

  /** Handles SIGINT from now on; where the JVM keeps SIGINT to itself (-Xrs), Ctrl-C keeps ending the JVM. */
  static CtrlC install(Runnable leave) {
    CtrlC ctrlC = new CtrlC(leave, GRACE);
    try {
      // sun.misc.Signal (module jdk.unsupported) is the JDK's one way to handle SIGINT; javac warns about it.
      Signal.handle(new Signal("INT"), signal -> ctrlC.interrupt());
    } catch (IllegalArgumentException notAvailable) {
      // the JVM's default: exit with status 130
    }
    return ctrlC;
  }

  /** Ctrl-C was pressed. */
  void interrupt() {
    TurnStop current = turn.get();
    if (current == null || !current.request()) {
      leave.run();
    }
  }

  /** Ctrl-C stops this turn until {@link #release} (called however the turn ends). */
  TurnStop watch(GatewayApi api) {
    TurnStop stop = new TurnStop(api, grace);
    turn.set(stop);
    return stop;
  }

  void release(TurnStop stop) {
    stop.ended();
    turn.compareAndSet(stop, null);
  }
}
