package dev.streamgate.bench;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A batch of streams in flight: how many are open right now, and their records once all are over. */
final class LoadRun implements StreamCheck.Listener {

  private final AtomicInteger open = new AtomicInteger();
  private List<StreamCheck> checks = List.of();

  void started(List<StreamCheck> checks) {
    this.checks = checks;
  }

  @Override
  public void opened() {
    open.incrementAndGet();
  }

  @Override
  public void closed() {
    open.decrementAndGet();
  }

  /** Streams whose response has started and not yet ended. */
  int openStreams() {
    return open.get();
  }

  /** Waits (on the driver's thread) until every stream is over; each has its own deadline, so this ends. */
  List<StreamRecord> await() {
    List<Future<StreamRecord>> results = checks.stream().map(StreamCheck::result).toList();
    Future.join(results).await();
    return results.stream().map(Future::result).toList();
  }
}
