package dev.streamgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's whole pipeline, tiny: real provider, nginx and Streamgate processes, every scenario,
 * every target, the Vert.x floor included. Fails (never skips) when nginx is missing, since the comparison is the point.
 */
@Tag("nginx")
class BenchmarkSmokeTest {

  private static final List<String> SCENARIOS = List.of("warmup", "latency", "throughput", "concurrency");
  private static final List<String> TARGETS = List.of("direct", "nginx", "vertx", "streamgate");

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void smokeRunVerifiesEveryStreamOfEveryTargetAndWritesItsFigures() throws Exception {
    NginxRelay.binary(); // a missing nginx fails here, with the message saying how to install it

    JsonObject results = Benchmark.run(Plan.SMOKE);

    for (String scenario : SCENARIOS) {
      for (String target : TARGETS) {
        JsonObject figures = results.getJsonObject(scenario).getJsonObject(target);
        assertThat(figures.getLong("failed"))
            .as("%s %s failures: %s", scenario, target, figures.getJsonObject("failures"))
            .isZero();
        assertThat(figures.getLong("streams")).as("%s %s streams", scenario, target).isPositive();
      }
    }
    assertThat(results.getLong("failed_streams")).isZero();
    // Streamgate's /metrics moved with the load: every stream it relayed, every token of them.
    JsonObject metrics = results.getJsonObject("streamgate_metrics");
    long streamgateStreams = SCENARIOS.stream()
        .mapToLong(s -> results.getJsonObject(s).getJsonObject("streamgate").getLong("streams")).sum();
    assertThat(metrics.getDouble("streamgate_turns_started_total")).isEqualTo(streamgateStreams);
    assertThat(metrics.getDouble("streamgate_turns_completed_total")).isEqualTo(streamgateStreams);
    assertThat(metrics.getDouble("streamgate_time_to_first_token_seconds_count")).isEqualTo(streamgateStreams);
    assertThat(metrics.getDouble("streamgate_tokens_relayed_total"))
        .isGreaterThanOrEqualTo(results.getJsonObject("throughput").getJsonObject("streamgate").getLong("chunks"));

    Path file = Benchmark.resultsFile(BenchEnvironment.current().projectDir(), Plan.SMOKE);
    JsonObject written = new JsonObject(Files.readString(file));
    assertThat(written.fieldNames()).contains("mode", "plan", "environment", "warmup", "latency", "throughput",
        "concurrency", "failed_streams", "duration_s");
    assertThat(written.getJsonObject("latency").getJsonObject("nginx").fieldNames())
        .contains("ttft_p50_ms", "ttft_p99_ms", "gap_p99_ms",
            "added_ttft_p50_ms", "added_ttft_p99_ms", "added_gap_p99_ms");
    assertThat(written.getJsonObject("throughput").getJsonObject("streamgate").fieldNames())
        .contains("chunks_per_s", "cpu_us_per_chunk");
    assertThat(written.getJsonObject("throughput").getJsonObject("vertx").getDouble("cpu_us_per_chunk")).isPositive();
    assertThat(written.getJsonObject("concurrency").getJsonObject("streamgate").fieldNames())
        .contains("success_pct", "ttft_p99_ms", "rss_per_stream_kib");
    assertThat(nonFinite(written, "")).as("figures that are not finite numbers").isEmpty();
    assertThat(ResultTable.render(written)).contains("streamgate vs ref", "vertx floor", "× nginx (", "× floor)");
  }

  /** Paths of every number in the JSON that is NaN or infinite. */
  private static List<String> nonFinite(Object value, String path) {
    List<String> bad = new ArrayList<>();
    if (value instanceof JsonObject object) {
      object.forEach(e -> bad.addAll(nonFinite(e.getValue(), path + "/" + e.getKey())));
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        bad.addAll(nonFinite(array.getValue(i), path + "/" + i));
      }
    } else if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
      bad.add(path);
    }
    return bad;
  }
}
