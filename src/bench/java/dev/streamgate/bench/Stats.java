package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/** Percentiles and failure summaries over the records of a run. Times are reported in milliseconds. */
final class Stats {

  private Stats() {
  }

  /** Nearest-rank percentile ({@code p} in 0..100) of nanosecond values, in ms; 0 when there are none. */
  static double percentileMs(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
    return round3(sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6);
  }

  /** Times to first token of the streams that got one, sorted. */
  static long[] ttfts(List<StreamRecord> records) {
    return sorted(records.stream().mapToLong(StreamRecord::ttftNanos).filter(t -> t >= 0));
  }

  /** Every inter-token gap of every stream, sorted. */
  static long[] gaps(List<StreamRecord> records) {
    return sorted(records.stream().flatMapToLong(StreamRecord::gaps));
  }

  static long failed(List<StreamRecord> records) {
    return records.stream().filter(r -> !r.ok()).count();
  }

  static long tokens(List<StreamRecord> records) {
    return records.stream().mapToLong(StreamRecord::tokens).sum();
  }

  /** From the first request to the end of the last stream. */
  static long wallNanos(List<StreamRecord> records) {
    long first = records.stream().mapToLong(StreamRecord::startedAt).min().orElse(0);
    long last = records.stream().mapToLong(StreamRecord::endedAt).max().orElse(0);
    return last - first;
  }

  /** Failures grouped by kind (the text before the first colon): count and first example. */
  static JsonObject failures(List<StreamRecord> records) {
    Map<String, JsonObject> byKind = new LinkedHashMap<>();
    records.stream().filter(r -> !r.ok()).forEach(r -> {
      String kind = r.failure().split(":", 2)[0];
      byKind.computeIfAbsent(kind, k -> new JsonObject().put("count", 0).put("example", r.failure()));
      JsonObject entry = byKind.get(kind);
      entry.put("count", entry.getInteger("count") + 1);
    });
    JsonObject out = new JsonObject();
    byKind.forEach(out::put);
    return out;
  }

  static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static long[] sorted(LongStream values) {
    long[] array = values.toArray();
    Arrays.sort(array);
    return array;
  }
}
