package dev.streamgate.client;

import dev.streamgate.support.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A program running in a real terminal: a detached tmux session of a fixed size, on a tmux server of its
 * own (a socket in {@code dir}, no user configuration), typed into with {@code send-keys} and read with
 * {@code capture-pane}. Keys go through the terminal's line discipline, so {@code C-c} is SIGINT and
 * {@code C-d} the end of input. The pane outlives the program. Its exit status is written to a file by
 * the shell that runs it (tmux's own {@code pane_dead_status} sometimes stays empty), a shell that traps
 * SIGINT so it waits for the program whatever Ctrl-C does to it. Every wait polls (up to 20 s) and
 * fails showing the screen; waiting for the screen also fails as soon as the program has exited.
 */
final class TerminalPane implements AutoCloseable {

  private static final String TMUX = "/usr/bin/tmux";
  private static final String TARGET = "client";
  private static final Eventually WAIT = Eventually.within(Duration.ofSeconds(20));

  private final Path socket;
  private final Path status;

  private TerminalPane(Path dir) {
    this.socket = dir.resolve("tmux.sock");
    this.status = dir.resolve("status");
  }

  /** Runs {@code command} in a {@code width} x {@code height} terminal. */
  static TerminalPane start(Path dir, int width, int height, List<String> command) throws IOException {
    TerminalPane pane = new TerminalPane(dir);
    Path script = Files.writeString(dir.resolve("run.sh"), "trap true INT\n"
        + command.stream().map(TerminalPane::quoted).collect(Collectors.joining(" ")) + "\n"
        + "echo $? > " + quoted(pane.status.toString()) + "\n");
    Path config = Files.writeString(dir.resolve("tmux.conf"), "set -g remain-on-exit on\nset -g status off\n");
    pane.tmux("-f", config.toString(), "new-session", "-d", "-s", TARGET, "-x", String.valueOf(width),
        "-y", String.valueOf(height), "sh", script.toString());
    return pane;
  }

  /** Types {@code text} and Enter. */
  void type(String text) {
    tmux("send-keys", "-t", TARGET, "-l", text);
    press("Enter");
  }

  /** Presses a key in tmux's names: {@code C-c}, {@code C-d}, {@code Enter}. */
  void press(String key) {
    tmux("send-keys", "-t", TARGET, key);
  }

  /** The whole screen and its history, one line per terminal row, trailing spaces trimmed. */
  String screen() {
    return tmux("capture-pane", "-p", "-S", "-", "-t", TARGET);
  }

  /** Waits until the screen satisfies {@code condition}; returns that screen. Fails once the program has exited. */
  String awaitScreen(String what, Predicate<String> condition) {
    return WAIT.until("the terminal to show " + what, () -> {
      boolean running = !dead(); // read before the screen: once dead, the screen read after it is the last one
      String screen = screen();
      if (!running && !condition.test(screen)) {
        throw new IllegalStateException("the program exited before the terminal showed " + what + ":\n" + screen);
      }
      return screen;
    }, condition);
  }

  /** The program's exit status once it has exited and tmux has read all it printed; empty until then. */
  OptionalInt exitStatus() {
    try {
      String written = dead() && Files.exists(status) ? Files.readString(status) : "";
      return written.endsWith("\n") ? OptionalInt.of(Integer.parseInt(written.strip())) : OptionalInt.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** tmux has read the end of the terminal's output: its shell, hence the program, has exited. */
  private boolean dead() {
    return tmux("display-message", "-p", "-t", TARGET, "#{pane_dead}").strip().equals("1");
  }

  int awaitExit() {
    return WAIT.untilReturns("the program to exit", () -> {
      OptionalInt status = exitStatus();
      if (status.isEmpty()) {
        throw new AssertionError("still running; the screen:\n" + screen());
      }
      return status.getAsInt();
    });
  }

  @Override
  public void close() {
    try {
      tmux("kill-server");
    } catch (AssertionError alreadyGone) {
      // nothing left to stop
    }
  }

  private String tmux(String... args) {
    List<String> command = new ArrayList<>(List.of(TMUX, "-S", socket.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    // The program must learn the size from the terminal, and tmux must not think it is nested.
    List.of("COLUMNS", "LINES", "TMUX", "TMUX_PANE").forEach(env::remove);
    env.put("LC_ALL", "C.UTF-8");
    try {
      Process tmux = builder.start();
      String output = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (tmux.waitFor() != 0) {
        throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }
}
