package dev.streamgate.support;

import dev.streamgate.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real entry point ({@link Main}) in its own JVM, configured through real environment variables,
 * its standard output and error kept in files for the test to read.
 */
public final class NodeProcess implements AutoCloseable {

  /**
   * How often a starting node is asked for {@code /health}. A request that reaches the node in the last
   * milliseconds of its start can hang with a NullPointerException in Vert.x's HTTP server metrics (logged as
   * two WARN lines, which MainTest does not allow); asking every 100 ms, as these waits always did, keeps that
   * as rare as it was.
   */
  static final Duration PACE = Duration.ofMillis(100);

  private final Process process;
  private final Path out;
  private final Path err;
  private final int port;

  private NodeProcess(Process process, Path out, Path err, int port) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.port = port;
  }

  /** Starts a node on a free port with {@code env} over the test JVM's environment (less model and port settings). */
  public static NodeProcess launch(Map<String, String> env) {
    return launch("PORT", env);
  }

  /** {@link #launch}, its free port given as {@code BACKEND_PORT} (the seed's name) rather than {@code PORT}. */
  public static NodeProcess launchOnBackendPort(Map<String, String> env) {
    return launch("BACKEND_PORT", env);
  }

  private static NodeProcess launch(String portVariable, Map<String, String> env) {
    try {
      int port = freePort();
      Path out = Files.createTempFile("streamgate-node", ".out");
      Path err = Files.createTempFile("streamgate-node", ".err");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Main.class.getName()).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.endsWith("PORT") || name.startsWith("LLM_")
          || name.startsWith("OPENAI_") || name.equals("CONFIG") || name.startsWith("SESSION_")
          || name.equals("DATABASE_URL"));
      builder.environment().putAll(Map.of(portVariable, String.valueOf(port), "HOST", "127.0.0.1", "MOCK_DELAY_MS", "1"));
      builder.environment().putAll(env);
      return new NodeProcess(builder.start(), out, err, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /**
   * Waits until {@code /health} answers 200; fails at once if the node exits first. Every 100 ms, not faster: a JVM
   * starts in seconds, and a request in the last milliseconds of a node's start can hang (see {@link #PACE}).
   */
  public NodeProcess awaitHealthy() {
    Eventually.within(Duration.ofSeconds(30)).every(PACE)
        .untilAsserted("the node to answer 200 at " + url("/health"), () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("node exited with " + process.exitValue() + ": " + errors());
          }
          int status = Http.statusOnceListening(url("/health"));
          if (status != 200) {
            throw new AssertionError("status " + status);
          }
        });
    return this;
  }

  /** Waits for the node to exit by itself; its exit status. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("node still running after 30 s");
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing the node could still write. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
  }

  /** What the node wrote to standard error, one entry per non-blank line. */
  public List<String> errors() {
    return read(err).lines().filter(line -> !line.isBlank()).toList();
  }

  /** Everything the node wrote once it holds {@code text} (its logs are written by their own thread); fails after 10 s. */
  public String awaitOutput(String text) {
    return Eventually.within(Duration.ofSeconds(10)).until("the node to write \"" + text + "\"", this::output,
        output -> output.contains(text));
  }

  /** Everything the node wrote, standard output (its logs) and error. */
  public String output() {
    return read(out) + read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
    try {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
