package dev.streamgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark started: its output goes to a log file under target/bench, and closing it
 * stops it and every descendant (nginx's workers would otherwise outlive a killed master): SIGTERM
 * first, SIGKILL for whatever is still there after a few seconds. Its standard input stays an open
 * pipe, which the fake provider watches to exit with the driver.
 */
final class ChildProcess implements AutoCloseable {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code dir}; {@code env} adds variables to the caller's, a null value removes one. */
  static ChildProcess start(String name, List<String> command, Map<String, String> env, Path dir, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    env.forEach((key, value) -> {
      if (value == null) {
        builder.environment().remove(key);
      } else {
        builder.environment().put(key, value);
      }
    });
    try {
      Files.createDirectories(log.getParent());
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** The process and its descendants, as measured now. */
  List<Long> pids() {
    return ProcessMetrics.tree(process.pid());
  }

  /** Polls {@code url} until it answers 200; fails early, with the log's tail, if the process dies. */
  void awaitHttpOk(String url, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + ":\n" + logTail());
      }
      if (status(url) == 200) {
        return;
      }
      pause(100);
    }
    throw new IllegalStateException(name + " did not answer 200 on " + url + " within " + timeout + ":\n" + logTail());
  }

  /** Waits for a line of the log starting with {@code prefix}, and returns the line. */
  String awaitLogLine(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line = readLog().lines().filter(l -> l.startsWith(prefix)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + ":\n" + logTail());
      }
      pause(50);
    }
    throw new IllegalStateException(name + " printed no '" + prefix + "' line within " + timeout + ":\n" + logTail());
  }

  boolean alive() {
    return process.isAlive();
  }

  String logTail() {
    List<String> lines = readLog().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private String readLog() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** HTTP status of a GET, never through a proxy (all benchmark traffic stays on loopback); -1 when unreachable. */
  private static int status(String url) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      try {
        return connection.getResponseCode();
      } finally {
        connection.disconnect();
      }
    } catch (IOException notYet) {
      return -1;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
