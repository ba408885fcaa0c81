package dev.streamgate.client;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar streamgate.jar client [--url URL] [--key KEY]}: the seed's interactive terminal client.
 * Reads a line at a time: a {@code /command} from the seed's tables, or a chat message whose answer is
 * printed as it streams, on a terminal wrapped between words at its width. Ctrl-C while an answer
 * streams stops it and returns to the prompt; Ctrl-C at any other time leaves with status 130 (128 +
 * SIGINT, as shells report it), the end of input (Ctrl-D) and {@code /quit} with status 0. Scriptable:
 * when stdin is not a terminal each line read is echoed after the prompt, there are no colours and
 * answers are printed exactly as they came. Single-threaded but for Ctrl-C's signal ({@link CtrlC}):
 * the next line is read only once the previous one is done.
 */
public final class TerminalClient {

  /** The exit status when Ctrl-C leaves the client. */
  static final int INTERRUPTED = 130;

  private final BufferedReader in;
  private final ClientContext ctx;
  private final boolean terminal;
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private boolean running = true;

  private TerminalClient(BufferedReader in, ClientContext ctx, boolean terminal) {
    this.in = in;
    this.ctx = ctx;
    this.terminal = terminal;
    // The seed's order: help, stats, the server's commands, clear, quit; then session management.
    List<Command> basics = basics();
    List<Command> all = new ArrayList<>(basics.subList(0, 2));
    all.addAll(new ServerCommands(ctx, terminal).commands());
    all.addAll(basics.subList(2, basics.size()));
    all.addAll(new SessionCommands(ctx).commands());
    all.forEach(command -> commands.put(command.name(), command));
  }

  /**
   * The entry from {@code Main}: the real stdin and stdout (as UTF-8), colours and word wrapping when a
   * console is attached, Ctrl-C handled. Ctrl-C that leaves ends the JVM with status 130 here.
   */
  public static int launch(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    CtrlC ctrlC = CtrlC.install(() -> {
      out.println("\n👋 Goodbye! (Ctrl-C)");
      System.exit(INTERRUPTED);
    });
    return run(args, System.getenv(), System.in, out, System.console() != null, Backoff.standard(), ctrlC);
  }

  /**
   * Runs the client over {@code in} and {@code out} until {@code /quit} or the end of input; returns the
   * exit status. No signal is handled: Ctrl-C is {@link #launch}'s.
   */
  public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, boolean terminal) {
    return run(args, env, in, out, terminal, Backoff.standard(), new CtrlC(() -> { }, CtrlC.GRACE));
  }

  static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, boolean terminal,
                 Backoff backoff, CtrlC ctrlC) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.println(ClientOptions.USAGE);
      return 0;
    }
    ClientOptions options;
    try {
      options = ClientOptions.parse(List.of(args), env);
    } catch (IllegalArgumentException bad) {
      out.println("streamgate client: " + bad.getMessage());
      out.println(ClientOptions.USAGE);
      return 2;
    }
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    ClientContext ctx = new ClientContext(options, backoff, out, new Style(terminal), ctrlC,
        terminal ? new TerminalWidth(env) : null);
    return new TerminalClient(lines, ctx, terminal).loop();
  }

  private int loop() {
    try {
      greet();
      for (String line = prompt(); line != null; line = running ? prompt() : null) {
        handle(line.strip());
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
  }

  private List<Command> basics() {
    return List.of(
        new Command("/help", Command.BASIC, "Show all available commands", this::help),
        new Command("/stats", Command.BASIC, "Show client streaming statistics",
            () -> ctx.println(ctx.stats().box(ctx.session(), ctx.sessionMessages()))),
        new Command("/clear", Command.BASIC, "Clear screen", this::clear),
        new Command("/quit", Command.BASIC, "Exit client", this::quit));
  }

  /** The banner, a health check and a first session, as the seed's client starts. */
  private void greet() throws InterruptedException {
    banner();
    try {
      ctx.api().get("/health");
      ctx.println(ctx.style().green("🎉 Connected to Streamgate SSE server successfully!") + " (" + ctx.api().url("") + ")");
      ctx.println("🌊 Real-time streaming enabled - responses will appear as they're generated!");
      ctx.createSession();
    } catch (IOException | RuntimeException failure) {
      ctx.report(failure);
    }
    ctx.println(ctx.style().dim("💡 Type a message to chat, /help for commands, /quit to exit."));
  }

  private void banner() {
    ctx.println(ctx.style().cyan(ctx.style().bold("🌊 STREAMGATE SSE MULTI-TURN CHAT CLIENT 🌊")));
  }

  /** Prints the prompt and reads a line; off a terminal, echoes it so a transcript reads like a session. */
  private String prompt() {
    SessionRef session = ctx.session();
    ctx.print("\n" + ctx.style().bold(ctx.style().cyan("You" + (session == null ? "" : " [" + session.shortId() + "]")
        + " › ")));
    try {
      String line = in.readLine();
      if (line == null) {
        ctx.println("\n👋 Goodbye! (end of input)");
      } else if (!terminal) {
        ctx.println(line);
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handle(String line) throws InterruptedException {
    if (line.isEmpty()) {
      return;
    }
    Command command = line.startsWith("/") ? commands.get(line.split("\\s+")[0].toLowerCase(Locale.ROOT)) : null;
    try {
      if (!line.startsWith("/")) {
        ctx.stats().record(new ChatTurn(ctx).send(line));
      } else if (command == null) {
        ctx.println(ctx.style().yellow("❓ Unknown command: " + line + " (type /help for the list)"));
      } else {
        command.action().run();
      }
    } catch (IOException | RuntimeException failure) {
      ctx.report(failure);
    }
  }

  private void help() {
    for (String group : List.of(Command.BASIC, Command.SESSIONS)) {
      List<String> rows = commands.values().stream().filter(c -> c.group().equals(group))
          .map(c -> String.format("%-10s %s", c.name(), c.help())).toList();
      ctx.println(new Box("📚 " + group.toUpperCase(Locale.ROOT), rows));
    }
    ctx.println("Anything else is sent as a chat message; its answer streams in as it is generated.");
  }

  private void clear() {
    ctx.print(ctx.style().clearScreen());
    banner();
  }

  private void quit() {
    running = false;
    ctx.println("👋 Goodbye!");
  }
}
