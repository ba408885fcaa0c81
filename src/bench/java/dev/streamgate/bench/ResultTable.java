package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the benchmark prints: a row per figure, a column per target, then how Streamgate
 * compares (× nginx for rates and costs, added over direct for latencies, with nginx's and the
 * Vert.x floor's in brackets) and the target it is held to. Targets are relative to nginx, the
 * reference relay, or absolute where anything less is a bug (every stream verified). The "vertx
 * floor" column ({@link VertxFloorRelay}) separates what Streamgate's design costs from what Vert.x
 * itself costs, in every scenario: per chunk, per turn and per open stream.
 */
final class ResultTable {

  private static final List<String> TARGETS = List.of("direct", "nginx", "vertx", "streamgate");
  private static final String[] HEADER = {"scenario", "figure", "direct", "nginx", "vertx floor", "streamgate",
      "streamgate vs ref", "target"};
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

  // The targets of issue 18 (issue 3's, restated against nginx and the floor of the same run).
  private void latencyRows(String scenario) {
    added(scenario, "TTFT p50 (ms)", "ttft_p50_ms", "added ≤ nginx + 2 ms");
    added(scenario, "TTFT p99 (ms)", "ttft_p99_ms", "added ≤ nginx + 10 ms");
    added(scenario, "inter-chunk gap p99 (ms)", "gap_p99_ms", "added ≤ 5 ms");
  }

  private void throughputRows() {
    ratio("throughput", "chunks relayed / s", "chunks_per_s", "(figure)");
    ratio("throughput", "relay CPU µs / chunk", "cpu_us_per_chunk", "≤ 2.5× nginx, ≤ 1.2× floor");
    ratio("throughput", "  of which JIT compilers", "jit_cpu_us_per_chunk", "(figure)");
    ratio("throughput", "  the rest", "cpu_us_per_chunk_without_jit", "(figure)");
    profileRows();
  }

  /** With --profile: the JVM relays' CPU per chunk by part of the path (its share of their samples). */
  private void profileRows() {
    Object profiled = value("throughput", "streamgate", "profile");
    if (profiled instanceof JsonObject parts) {
      for (String part : parts.fieldNames()) {
        String[] row = {"throughput", "  profiled: " + part, "", "", "", "", NONE, "(figure)"};
        Object floor = results.getJsonObject("throughput").getJsonObject("vertx").getJsonObject("profile", new JsonObject())
            .getValue(part);
        row[4] = number(floor);
        row[5] = number(parts.getValue(part));
        if (floor instanceof Number f && f.doubleValue() > 0 && parts.getDouble(part) > 0) {
          row[6] = String.format(Locale.ROOT, "%.2f× floor", parts.getDouble(part) / f.doubleValue());
        }
        rows.add(row);
      }
    }
  }

  private void concurrencyRows() {
    JsonObject c = results.getJsonObject("concurrency");
    String streams = c.getJsonObject("streamgate").getLong("streams") + " streams";
    row("concurrency", "streams verified (%) of " + streams, "success_pct", NONE, "100 % (all)");
    added("concurrency", "TTFT p99 (ms)", "ttft_p99_ms", "(figure)");
    ratio("concurrency", "RSS per open stream (KiB)", "rss_per_stream_kib", "≤ 24 KiB");
  }

  private void failureRow() {
    String[] row = {"all", "streams failed verification", "", "", "", "", NONE, "0"};
    for (int i = 0; i < TARGETS.size(); i++) {
      String target = TARGETS.get(i);
      long failed = List.of("warmup", "latency", "throughput", "concurrency").stream()
          .map(s -> results.getJsonObject(s).getJsonObject(target))
          .filter(figures -> figures != null)
          .mapToLong(figures -> figures.getLong("failed")).sum();
      row[2 + i] = Long.toString(failed);
    }
    rows.add(row);
  }

  /** A latency row: Streamgate's added delay over direct; nginx's and the floor's in brackets. */
  private void added(String scenario, String figure, String key, String target) {
    String compare = String.format(Locale.ROOT, "%s over direct (nginx %s", signed(value(scenario, "streamgate",
        "added_" + key)), signed(value(scenario, "nginx", "added_" + key)));
    Object floor = value(scenario, "vertx", "added_" + key);
    compare += floor == null ? ")" : ", floor " + signed(floor) + ")";
    row(scenario, figure, key, compare, target);
  }

  /** A rate or cost row: Streamgate as a multiple of nginx, and of the floor in brackets (alone where nginx has none). */
  private void ratio(String scenario, String figure, String key, String target) {
    String nginx = times(scenario, key, "nginx");
    String floor = times(scenario, key, "vertx");
    floor = floor == null ? null : floor.replace("vertx", "floor");
    String compare = nginx == null ? floor : floor == null ? nginx : nginx + " (" + floor + ")";
    row(scenario, figure, key, compare == null ? NONE : compare, target);
  }

  /** "2.50× nginx": Streamgate's figure over the reference's, or null when either is missing. */
  private String times(String scenario, String key, String reference) {
    Object ref = value(scenario, reference, key);
    Object streamgate = value(scenario, "streamgate", key);
    if (!(ref instanceof Number r) || !(streamgate instanceof Number s) || r.doubleValue() == 0) {
      return null;
    }
    return String.format(Locale.ROOT, "%.2f× %s", s.doubleValue() / r.doubleValue(), reference);
  }

  /** One target's figure in a scenario; null when the target was not run there or has no such figure. */
  private Object value(String scenario, String target, String key) {
    JsonObject figures = results.getJsonObject(scenario).getJsonObject(target);
    return figures == null ? null : figures.getValue(key);
  }

  private void row(String scenario, String figure, String key, String compare, String target) {
    String[] row = new String[HEADER.length];
    row[0] = scenario;
    row[1] = figure;
    for (int i = 0; i < TARGETS.size(); i++) {
      row[2 + i] = number(value(scenario, TARGETS.get(i), key));
    }
    row[HEADER.length - 2] = compare;
    row[HEADER.length - 1] = target;
    rows.add(row);
  }

  private String header() {
    JsonObject env = results.getJsonObject("environment");
    return String.format(Locale.ROOT,
        "Streamgate benchmark (%s): %d cores, ulimit -n %s, CLK_TCK %d, Java %s, nginx %s, %.0f s%n",
        results.getString("mode"), env.getInteger("cores"), env.getString("ulimit_n"), env.getLong("clk_tck"),
        env.getString("java"), env.getString("nginx"), results.getDouble("duration_s")) + settings(env);
  }

  /** The settings a run tried beyond the defaults, so its table is never mistaken for a default run's. */
  private static String settings(JsonObject env) {
    String jvm = env.getString("streamgate_extra_jvm_args", "");
    JsonObject extraEnv = env.getJsonObject("streamgate_extra_env", new JsonObject());
    if (jvm.isEmpty() && extraEnv.isEmpty()) {
      return "";
    }
    return "Streamgate started with extra settings:" + (jvm.isEmpty() ? "" : " JVM " + jvm)
        + (extraEnv.isEmpty() ? "" : " environment " + extraEnv.encode()) + System.lineSeparator();
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
      line.append(i == 0 ? "" : " | ").append(i >= 2 && i < 2 + TARGETS.size() ? pad + cells[i] : cells[i] + pad);
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
