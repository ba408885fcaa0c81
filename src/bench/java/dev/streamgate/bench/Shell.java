package dev.streamgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Runs a short command and returns its trimmed output; "" when it cannot run. */
final class Shell {

  private Shell() {
  }

  static String output(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor();
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
