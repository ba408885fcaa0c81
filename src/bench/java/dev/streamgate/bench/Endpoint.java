package dev.streamgate.bench;

import java.util.List;

/**
 * A process of the benchmark that the load generator can send streams to: the fake provider itself
 * ("direct") or a relay in front of it. The pids let the scenarios measure its CPU and memory.
 */
interface Endpoint extends AutoCloseable {

  Target target();

  /** The processes whose CPU and memory count for this endpoint, as of now. */
  List<Long> pids();

  /** False for the provider itself, whose cost is the baseline rather than a relay's. */
  boolean relay();

  @Override
  void close();
}
