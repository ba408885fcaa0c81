package dev.streamgate.dialect;

/**
 * The id of a turn's event on the wire, {@code <turn id>:<seq>}: what a client sends back as
 * {@code Last-Event-ID} to be served the events after it.
 */
public record EventId(String turnId, int seq) {

  public static String format(String turnId, int seq) {
    return turnId + ':' + seq;
  }

  /** The id a client sent, or null when it is absent or not one of ours. */
  public static EventId parse(String header) {
    int colon = header == null ? -1 : header.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    try {
      int seq = Integer.parseInt(header.substring(colon + 1).trim());
      return seq < 0 ? null : new EventId(header.substring(0, colon).trim(), seq);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
