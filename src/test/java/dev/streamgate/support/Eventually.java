package dev.streamgate.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Waiting, in a test, for what another thread or process does: polls a check until it passes or the
 * time-out runs out, then fails naming what was waited for, after how long, and the check's last reason.
 * The one way tests wait for something to become true; a test that must wait on purpose (longer than a
 * grace period, to show that something did not happen) sleeps, and says why.
 *
 * <p>The contract of a check: it passes when it returns (a condition: when it returns true; a probe:
 * when its value is accepted). An {@link AssertionError} from it means "not yet": the wait goes on and
 * keeps it as the last reason, so a check written with AssertJ explains itself. Anything else it throws
 * ends the wait at once and propagates (checked exceptions wrapped in an {@link IllegalStateException}):
 * that is how a check says waiting longer cannot help, such as a process that already exited.
 *
 * <p>The check runs on the caller's thread, at once, then after 10 ms, 20 ms, 40 ms and every 50 ms
 * (or at the fixed pace {@link #every} sets), and once more at the time-out before the wait fails. Never
 * call it on an event loop. Size the time-out to what is waited for: a turn of the mock takes well under
 * a second (allow seconds on a busy two-core machine), a JVM or a cluster forming tens of seconds.
 */
public final class Eventually {

  private static final long FIRST_PAUSE_MS = 10;
  private static final long LONGEST_PAUSE_MS = 50;

  private final Duration timeout;
  private final Duration pace;

  private Eventually(Duration timeout, Duration pace) {
    this.timeout = timeout;
    this.pace = pace;
  }

  /** A wait of at most {@code timeout}. */
  public static Eventually within(Duration timeout) {
    return new Eventually(timeout, null);
  }

  /** The same wait, checking every {@code interval} instead (when each check does work at a pace of its own). */
  public Eventually every(Duration interval) {
    return new Eventually(timeout, interval);
  }

  /** A check that throws {@link AssertionError} until it passes. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** What a check reads: a value, or {@link AssertionError} when there is nothing to read yet. */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  /** Returns once {@code condition} is true. */
  public void until(String what, BooleanSupplier condition) {
    untilAsserted(what, () -> {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("still false");
      }
    });
  }

  /** Returns the first value of {@code probe} that {@code done} accepts; a failed wait shows the last one read. */
  public <T> T until(String what, Probe<T> probe, Predicate<? super T> done) {
    return untilReturns(what, () -> {
      T value = probe.read();
      if (!done.test(value)) {
        throw new AssertionError("the last value read was " + value);
      }
      return value;
    });
  }

  /** Returns once {@code check} runs without an {@link AssertionError}. */
  public void untilAsserted(String what, Check check) {
    untilReturns(what, () -> {
      check.run();
      return null;
    });
  }

  /** Returns the value of the first read of {@code probe} that does not throw {@link AssertionError}. */
  public <T> T untilReturns(String what, Probe<T> probe) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    for (long pause = FIRST_PAUSE_MS; ; pause = Math.min(2 * pause, LONGEST_PAUSE_MS)) {
      AssertionError notYet;
      try {
        return probe.read();
      } catch (AssertionError e) {
        notYet = e;
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("while waiting for " + what + ": " + e, e);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("waited " + describe(System.nanoTime() - start) + " for " + what
            + "; the last check said: " + notYet.getMessage(), notYet);
      }
      sleep(Math.min(pace == null ? pause : pace.toMillis(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))), what);
    }
  }

  private static void sleep(long millis, String what) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    }
  }

  private static String describe(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
