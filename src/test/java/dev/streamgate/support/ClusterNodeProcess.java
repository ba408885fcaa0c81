package dev.streamgate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A clustered Streamgate node in its own JVM, started as a user starts one:
 * {@code java @conf/jvm.options -cp … dev.streamgate.Main --cluster}, configured through real
 * environment variables (a smaller heap so several fit on a test machine). It can be stopped the way an
 * operator does (SIGTERM) or killed (SIGKILL). Its output goes to {@code <dir>/<name>.log}.
 */
public final class ClusterNodeProcess implements AutoCloseable {

  /** Variables of the README's configuration table that must not leak in from the caller's environment. */
  private static final List<String> INHERITED = List.of("PORT", "BACKEND_PORT", "HOST", "HTTP_INSTANCES", "CONFIG",
      "LLM_PROVIDER", "LLM_MODEL", "MOCK_DELAY_MS", "GATEWAY_API_KEYS", "ROLES", "CLUSTER", "CLUSTER_CONFIG",
      "CLUSTER_HOST", "DRAIN_SECONDS", "GRACE_SECONDS", "RESUME_SECONDS", "HEARTBEAT_SECONDS");

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ClusterNodeProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts a node joining the cluster {@code clusterConfig} describes, with {@code env} on top; does not wait. */
  public static ClusterNodeProcess start(String name, Path dir, Path clusterConfig, Map<String, String> env) {
    try {
      int port = freePort();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      // Surefire runs tests from a manifest-only jar; it names the real test classpath in this property.
      String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> command = new ArrayList<>(List.of(java, "@conf/jvm.options", "-Xms64m", "-Xmx256m",
          "-XX:TieredStopAtLevel=1", "-cp", classpath, "dev.streamgate.Main", "--cluster"));
      Path log = dir.resolve(name + ".log");
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeAll(INHERITED);
      builder.environment().putAll(Map.of("PORT", Integer.toString(port), "HOST", "127.0.0.1", "HTTP_INSTANCES", "1",
          "CLUSTER_CONFIG", clusterConfig.toString(), "CLUSTER_HOST", "127.0.0.1"));
      builder.environment().putAll(env);
      Process process = builder.start();
      // Should the test JVM end without closing it (a crash, an interrupted run), the node goes too.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return new ClusterNodeProcess(name, process, log, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + name, e);
    }
  }

  /** Waits until the node answers {@code /health} with 200, every 100 ms; fails at once, with its log, if it exits. */
  public ClusterNodeProcess awaitHealthy(Duration timeout) {
    Eventually.within(timeout).every(NodeProcess.PACE)
        .untilAsserted(name + " to answer 200 at " + url("/health"), () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + ":\n" + logText());
          }
          String notYet;
          try {
            int status = Http.statusOnceListening(url("/health"));
            if (status == 200) {
              return;
            }
            notYet = "status " + status;
          } catch (AssertionError notListening) {
            notYet = notListening.getMessage();
          }
          throw new AssertionError(notYet + "; " + name + "'s log so far:\n" + logText());
        });
    return this;
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** The node's cluster id, as its {@code /health} reports it. */
  public String nodeId() {
    return Http.get(url("/health")).json().getJsonObject("cluster").getString("node_id");
  }

  /** SIGTERM, as an operator or an orchestrator stops a node. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: the node vanishes at once, without a word to the cluster. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end; its exit status, or -1 if it still runs after {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
