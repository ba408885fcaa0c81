package dev.streamgate.llm;

/**
 * A provider sent a line longer than the reader's bound ({@link SseEventParser}, {@link NdjsonSplitter}):
 * the stream is refused rather than buffered without end. A type of its own, so {@link UpstreamCall}
 * catches exactly this and not any {@link IllegalStateException} a bug might throw. The message names the
 * bound, never the line (it is the provider's data). No stack trace: the provider's fault, not ours.
 */
public final class LineTooLongException extends RuntimeException {

  private final int maxLineBytes;

  public LineTooLongException(String what, int maxLineBytes) {
    super(what + " line longer than " + maxLineBytes + " bytes", null, false, false);
    this.maxLineBytes = maxLineBytes;
  }

  /** The bound the line went over. */
  public int maxLineBytes() {
    return maxLineBytes;
  }
}
