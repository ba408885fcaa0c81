package dev.streamgate.client;

import dev.streamgate.support.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal client running in this JVM on its own thread, as a script would drive it: its stdin a
 * pipe the test writes lines into, its stdout captured. Every wait is bounded and polls the output;
 * a wait that runs out fails with the whole transcript.
 */
final class RunningClient implements AutoCloseable {

  static final String PROMPT_END = "› ";
  private static final Pattern SHORT_ID = Pattern.compile("You \\[([0-9a-f]{8})\\.\\.\\.\\]");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final OutputStream stdin;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private RunningClient(OutputStream stdin) {
    this.stdin = stdin;
  }

  /** Starts the client with {@code args} on a thread; stdin is not a terminal unless {@code terminal}. */
  static RunningClient start(Map<String, String> env, Backoff backoff, boolean terminal, String... args) {
    return start(env, backoff, new CtrlC(() -> { }, CtrlC.GRACE), terminal, args);
  }

  /** The same, Ctrl-C pressed by calling {@code ctrlC.interrupt()}. */
  static RunningClient start(Map<String, String> env, Backoff backoff, CtrlC ctrlC, boolean terminal,
                             String... args) {
    try {
      Pipe pipe = Pipe.open();
      RunningClient client = new RunningClient(Channels.newOutputStream(pipe.sink()));
      PrintStream out = new PrintStream(client.stdout, true, StandardCharsets.UTF_8);
      Thread thread = new Thread(() -> {
        try {
          client.exit.complete(TerminalClient.run(args, env, Channels.newInputStream(pipe.source()), out, terminal,
              backoff, ctrlC));
        } catch (Throwable crash) {
          client.exit.completeExceptionally(crash);
        }
      }, "terminal-client");
      thread.setDaemon(true);
      thread.start();
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunningClient start(String... args) {
    return start(Map.of(), Backoff.standard(), false, args);
  }

  /** Types a line (as a script would pipe it). */
  RunningClient type(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Types {@code line} once the client waits for input, and returns what it printed until it waits again. */
  String run(String line) {
    awaitIdle();
    int mark = output().length();
    type(line);
    await(text -> text.length() > mark + line.length() + 1 && text.endsWith(PROMPT_END) || exit.isDone());
    return output().substring(mark);
  }

  /** Waits until the client shows its prompt and waits for a line. */
  void awaitIdle() {
    await(text -> text.endsWith(PROMPT_END));
  }

  /** Waits until the output since {@code mark} contains {@code text}; returns the output since the mark. */
  String awaitSince(int mark, String text) {
    await(all -> all.indexOf(text, mark) >= 0);
    return output().substring(mark);
  }

  String output() {
    synchronized (stdout) {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }

  /** The session the prompt shows last, as its eight-character prefix. */
  String promptSession() {
    Matcher matcher = SHORT_ID.matcher(output());
    String last = null;
    while (matcher.find()) {
      last = matcher.group(1);
    }
    return last;
  }

  /** Ends the input and waits for the client to exit; returns its status. */
  int endInput() throws Exception {
    stdin.close();
    return awaitExit();
  }

  int awaitExit() throws Exception {
    return exit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean exited() {
    return exit.isDone();
  }

  /** Lines of the output that contain {@code text}. */
  List<String> linesWith(String text) {
    return output().lines().filter(line -> line.contains(text)).toList();
  }

  /** Waits until the output satisfies {@code condition}; fails at once if the client crashes or exits before. */
  private void await(Predicate<String> condition) {
    Eventually.within(WAIT).untilAsserted("the client's output to get there", () -> {
      if (condition.test(output())) {
        return;
      }
      if (exit.isCompletedExceptionally()) {
        throw new IllegalStateException("client crashed:\n" + output(), exit.handle((v, e) -> e).join());
      }
      if (exit.isDone() && !condition.test(output())) {
        throw new IllegalStateException("client exited with " + exit.join() + " before that:\n" + output());
      }
      throw new AssertionError("the output so far:\n" + output());
    });
  }

  @Override
  public void close() throws Exception {
    try {
      stdin.close();
    } catch (IOException alreadyClosed) {
      // the client may be gone
    }
  }
}
