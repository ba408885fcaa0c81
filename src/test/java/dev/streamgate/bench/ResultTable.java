package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the benchmark prints: a row per figure, a column per target, then how Streamgate
 * compares (× nginx for rates and costs, added over direct for latencies, with nginx's in brackets)
 * and the target it is held to. Targets are relative to nginx, the reference relay, or absolute where
 * anything less is a bug (every stream verified).
 */
final class ResultTable {

  private static final String[] HEADER = {"scenario", "figure", "direct", "nginx", "streamgate", "streamgate vs ref",
      "target"};
  private static final String NONE = "—";

  private final JsonObject results;
  private final List<String[]> rows = new ArrayList<>();

  private ResultTable(JsonObject results) {
    this.results = results;
  }

  static String render(JsonObject results) {
    ResultTable table = new ResultTable(results);
    table.latencyRows("latency");
    table.throughputRows();
    table.concurrencyRows();
    table.failureRow();
    return table.header() + table.format();
  }

  // Targets of issue 3, stated against the references measured in the same run.
  private void latencyRows(String scenario) {
    added(scenario, "TTFT p50 (ms)", "ttft_p50_ms", "added ≤ 1 ms");
    added(scenario, "TTFT p99 (ms)", "ttft_p99_ms", "added ≤ 5 ms");
    added(scenario, "inter-chunk gap p99 (ms)", "gap_p99_ms", "added ≤ 5 ms");
  }

  private void throughputRows() {
    ratio("throughput", "chunks relayed / s", "chunks_per_s", "(figure)");
    ratio("throughput", "relay CPU µs / chunk", "cpu_us_per_chunk", "≤ 2× nginx");
  }

  private void concurrencyRows() {
    JsonObject c = results.getJsonObject("concurrency");
    String streams = c.getJsonObject("streamgate").getLong("streams") + " streams";
    row("concurrency", "streams verified (%) of " + streams, "success_pct", NONE, "100 % (all)");
    added("concurrency", "TTFT p99 (ms)", "ttft_p99_ms", "(figure)");
    ratio("concurrency", "RSS per open stream (KiB)", "rss_per_stream_kib", "≤ 24 KiB");
  }

  private void failureRow() {
    String[] row = {"all", "streams failed verification", "", "", "", NONE, "0"};
    for (int i = 0; i < 3; i++) {
      String target = List.of("direct", "nginx", "streamgate").get(i);
      long failed = List.of("warmup", "latency", "throughput", "concurrency").stream()
          .mapToLong(s -> results.getJsonObject(s).getJsonObject(target).getLong("failed")).sum();
      row[2 + i] = Long.toString(failed);
    }
    rows.add(row);
  }

  /** A latency row: Streamgate's added delay over direct, nginx's in brackets. */
  private void added(String scenario, String figure, String key, String target) {
    JsonObject byTarget = results.getJsonObject(scenario);
    String compare = String.format(Locale.ROOT, "%s over direct (nginx %s)",
        signed(byTarget.getJsonObject("streamgate").getValue("added_" + key)),
        signed(byTarget.getJsonObject("nginx").getValue("added_" + key)));
    row(scenario, figure, key, compare, target);
  }

  /** A rate or cost row: Streamgate as a multiple of nginx. */
  private void ratio(String scenario, String figure, String key, String target) {
    JsonObject byTarget = results.getJsonObject(scenario);
    Double nginx = byTarget.getJsonObject("nginx").getDouble(key);
    Double streamgate = byTarget.getJsonObject("streamgate").getDouble(key);
    String compare = nginx == null || streamgate == null || nginx == 0 ? NONE
        : String.format(Locale.ROOT, "%.2f× nginx", streamgate / nginx);
    row(scenario, figure, key, compare, target);
  }

  private void row(String scenario, String figure, String key, String compare, String target) {
    JsonObject byTarget = results.getJsonObject(scenario);
    rows.add(new String[] {scenario, figure,
        number(byTarget.getJsonObject("direct").getValue(key)),
        number(byTarget.getJsonObject("nginx").getValue(key)),
        number(byTarget.getJsonObject("streamgate").getValue(key)),
        compare, target});
  }

  private String header() {
    JsonObject env = results.getJsonObject("environment");
    return String.format(Locale.ROOT,
        "Streamgate benchmark (%s): %d cores, ulimit -n %s, CLK_TCK %d, Java %s, nginx %s, %.0f s%n",
        results.getString("mode"), env.getInteger("cores"), env.getString("ulimit_n"), env.getLong("clk_tck"),
        env.getString("java"), env.getString("nginx"), results.getDouble("duration_s"));
  }

  private String format() {
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    int[] widths = new int[HEADER.length];
    all.forEach(r -> {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < all.size(); row++) {
      out.append(line(all.get(row), widths)).append(System.lineSeparator());
      if (row == 0) {
        out.append("-".repeat(line(HEADER, widths).length())).append(System.lineSeparator());
      }
    }
    return out.toString();
  }

  /** Figures right-aligned, text left-aligned, columns separated by bars. */
  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - cells[i].length());
      line.append(i == 0 ? "" : " | ").append(i >= 2 && i <= 4 ? pad + cells[i] : cells[i] + pad);
    }
    return line.toString().stripTrailing();
  }

  private static String signed(Object value) {
    String number = number(value);
    return value instanceof Number n && n.doubleValue() >= 0 ? "+" + number : number;
  }

  private static String number(Object value) {
    if (!(value instanceof Number n)) {
      return NONE;
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,d", n.longValue())
        : String.format(Locale.ROOT, "%.3f", d).replaceAll("0{1,2}$", "");
  }
}
