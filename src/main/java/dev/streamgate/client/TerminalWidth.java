package dev.streamgate.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The width of the terminal the client prints to, in columns, asked again for every answer since the
 * window may have been resized: {@code $COLUMNS} when set, else what {@code stty size} says about the
 * controlling terminal ({@code /dev/tty}; stdin may be anything), else 80.
 */
final class TerminalWidth implements IntSupplier {

  static final int FALLBACK = 80;

  private final Map<String, String> env;

  TerminalWidth(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public int getAsInt() {
    int columns = columns(env.get("COLUMNS"));
    if (columns == 0) {
      columns = stty();
    }
    return columns > 0 ? columns : FALLBACK;
  }

  /** A positive number of columns, or 0 when {@code value} is not one. */
  static int columns(String value) {
    try {
      return value == null ? 0 : Math.max(0, Integer.parseInt(value.strip()));
    } catch (NumberFormatException notANumber) {
      return 0;
    }
  }

  /** The columns {@code stty size} ("rows columns") reports, or 0 when there is no terminal to ask. */
  private static int stty() {
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      boolean ok = stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0;
      return ok ? columns(size.substring(size.indexOf(' ') + 1)) : 0;
    } catch (IOException noTerminal) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
