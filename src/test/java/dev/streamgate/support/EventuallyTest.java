package dev.streamgate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The waiting helper's contract: what counts as "not yet", what ends a wait at once, and what a failed wait says. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EventuallyTest {

  @Test
  void anAssertionIsRetriedUntilItPassesAndAProbeReturnsTheValueThatPassed() {
    AtomicInteger reads = new AtomicInteger();
    Eventually.within(Duration.ofSeconds(5)).untilAsserted("the third read",
        () -> assertThat(reads.incrementAndGet()).isEqualTo(3));
    assertThat(reads).hasValue(3);

    assertThat(Eventually.within(Duration.ofSeconds(5)).until("a value over 5", reads::incrementAndGet, n -> n > 5))
        .isEqualTo(6);
  }

  @Test
  void aWaitThatRunsOutNamesWhatItWaitedForAndTheLastReason() {
    AtomicInteger reads = new AtomicInteger();
    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> Eventually.within(Duration.ofMillis(200)).untilAsserted("the impossible",
        () -> assertThat(reads.incrementAndGet()).as("read").isNegative()));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(200L, 2000L);
    assertThat(failure).isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("waited ").hasMessageContaining(" for the impossible; the last check said: ")
        .hasMessageContaining("[read]").hasMessageContaining("" + reads.get())
        .cause().isInstanceOf(AssertionError.class);
    assertThat(reads.get()).as("checked more than once, and once more at the time-out").isGreaterThan(2);
    Throwable unaccepted = catchThrowable(() -> Eventually.within(Duration.ofMillis(50)).until("a value", () -> "no",
        "yes"::equals));
    assertThat(unaccepted).hasMessageContaining("the last value read was no");
  }

  @Test
  void anythingButAnAssertionErrorEndsTheWaitAtOnce() {
    AtomicInteger reads = new AtomicInteger();
    long start = System.nanoTime();
    Throwable gone = catchThrowable(() -> Eventually.within(Duration.ofSeconds(5)).untilAsserted("a process", () -> {
      reads.incrementAndGet();
      throw new IllegalStateException("it exited");
    }));
    Throwable checked = catchThrowable(() -> Eventually.within(Duration.ofSeconds(5)).untilReturns("a file", () -> {
      throw new IOException("no such file");
    }));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
    assertThat(reads).hasValue(1);
    assertThat(gone).isInstanceOf(IllegalStateException.class).hasMessage("it exited");
    assertThat(checked).isInstanceOf(IllegalStateException.class).hasMessageContaining("while waiting for a file")
        .cause().isInstanceOf(IOException.class);
  }

  @Test
  void aFixedPaceSpacesTheChecks() {
    AtomicInteger reads = new AtomicInteger();
    long start = System.nanoTime();
    Eventually.within(Duration.ofSeconds(5)).every(Duration.ofMillis(100)).until("three reads",
        () -> reads.incrementAndGet() == 3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
  }
}
