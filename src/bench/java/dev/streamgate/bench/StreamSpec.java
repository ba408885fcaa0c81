package dev.streamgate.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one benchmark stream asks the provider for, carried as the chat message itself
 * ({@code bench n=<tokens> first=<ms> every=<ms>}) so that it passes unchanged through any relay:
 * nginx forwards the OpenAI body, Streamgate puts the user's message last in the context it sends.
 */
public record StreamSpec(int tokens, long firstMs, long everyMs) {

  private static final Pattern PROMPT = Pattern.compile("bench n=(\\d+) first=(\\d+) every=(\\d+)");

  /** The chat message that asks for this stream. */
  public String prompt() {
    return "bench n=" + tokens + " first=" + firstMs + " every=" + everyMs;
  }

  /** The i-th token the provider sends; deterministic so the receiver can check every one. */
  public static String token(int i) {
    return "t" + i + " ";
  }

  /** How long the provider takes to send the whole stream. */
  public long durationMs() {
    return firstMs + Math.max(0, tokens - 1) * everyMs;
  }

  /** Reads a prompt; null when the message is not a benchmark spec. */
  public static StreamSpec parse(String message) {
    Matcher m = message == null ? null : PROMPT.matcher(message.trim());
    if (m == null || !m.matches()) {
      return null;
    }
    return new StreamSpec(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
  }
}
