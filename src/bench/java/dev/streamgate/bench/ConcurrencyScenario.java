package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Concurrency: ~9,900 streams opened evenly over 15 s and held 30 s, one token every 2 s. Reports the
 * share of streams verified, time to first token, and for relays the resident memory each open stream
 * costs: (RSS with every stream open − RSS right before the ramp) / streams open at that moment.
 */
final class ConcurrencyScenario {

  private ConcurrencyScenario() {
  }

  static JsonObject run(LoadGenerator generator, Endpoint endpoint, Plan plan) {
    try (TargetClient client = generator.connect(endpoint.target())) {
      long baseRss = ProcessMetrics.rssBytes(endpoint.pids());
      LoadRun run = client.start(plan.concurrencySpec(), plan.concurrencyStreams(), plan.rampMs());
      sleep(plan.holdMs());
      int open = run.openStreams();
      long openRss = ProcessMetrics.rssBytes(endpoint.pids());
      List<StreamRecord> records = run.await();
      return figures(records, endpoint, open, baseRss, openRss);
    }
  }

  private static JsonObject figures(List<StreamRecord> records, Endpoint endpoint, int open, long baseRss,
      long openRss) {
    long failed = Stats.failed(records);
    long[] ttfts = Stats.ttfts(records);
    JsonObject out = new JsonObject()
        .put("streams", records.size())
        .put("failed", failed)
        .put("success_pct", Stats.round3(100.0 * (records.size() - failed) / Math.max(1, records.size())))
        .put("ttft_p50_ms", Stats.percentileMs(ttfts, 50))
        .put("ttft_p99_ms", Stats.percentileMs(ttfts, 99))
        .put("open_at_sample", open);
    if (endpoint.relay()) {
      out.put("rss_base_mib", Stats.round3(baseRss / 1048576.0))
          .put("rss_open_mib", Stats.round3(openRss / 1048576.0))
          .put("rss_per_stream_kib", Stats.round3((openRss - baseRss) / 1024.0 / Math.max(1, open)));
    }
    return out.put("failures", Stats.failures(records));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
