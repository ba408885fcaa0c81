package dev.streamgate.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency: a few rounds of 50 concurrent streams of 64 tokens, 5 ms apart, per target. Reports time to
 * first token and inter-chunk gaps; for relays also what they add over going direct to the provider.
 */
final class LatencyScenario {

  private static final List<String> FIGURES = List.of("ttft_p50_ms", "ttft_p99_ms", "gap_p50_ms", "gap_p99_ms");

  private LatencyScenario() {
  }

  static JsonObject run(LoadGenerator generator, Endpoint endpoint, Plan plan) {
    List<StreamRecord> records = new ArrayList<>();
    // Per round too: the first opens new connections, later ones reuse them.
    JsonArray roundP50 = new JsonArray();
    JsonArray roundP99 = new JsonArray();
    try (TargetClient client = generator.connect(endpoint.target())) {
      for (int round = 0; round < plan.latencyRounds(); round++) {
        List<StreamRecord> batch = client.start(plan.latencySpec(), plan.latencyStreams(), 0).await();
        roundP50.add(Stats.percentileMs(Stats.ttfts(batch), 50));
        roundP99.add(Stats.percentileMs(Stats.ttfts(batch), 99));
        records.addAll(batch);
      }
    }
    long[] ttfts = Stats.ttfts(records);
    long[] gaps = Stats.gaps(records);
    return new JsonObject()
        .put("streams", records.size())
        .put("failed", Stats.failed(records))
        .put("ttft_p50_ms", Stats.percentileMs(ttfts, 50))
        .put("ttft_p99_ms", Stats.percentileMs(ttfts, 99))
        .put("gap_p50_ms", Stats.percentileMs(gaps, 50))
        .put("gap_p99_ms", Stats.percentileMs(gaps, 99))
        .put("ttft_p50_ms_by_round", roundP50)
        .put("ttft_p99_ms_by_round", roundP99)
        .put("failures", Stats.failures(records));
  }

  /** Adds {@code added_<figure>} (relay figure − direct figure) to every target but direct. */
  static void addOverDirect(JsonObject byTarget, List<String> figures) {
    JsonObject direct = byTarget.getJsonObject("direct");
    byTarget.fieldNames().stream().filter(name -> !"direct".equals(name)).forEach(name -> {
      JsonObject relay = byTarget.getJsonObject(name);
      figures.forEach(f -> relay.put("added_" + f, Stats.round3(relay.getDouble(f) - direct.getDouble(f))));
    });
  }

  static void addOverDirect(JsonObject byTarget) {
    addOverDirect(byTarget, FIGURES);
  }
}
