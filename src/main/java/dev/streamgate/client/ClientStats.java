package dev.streamgate.client;

import java.time.Duration;
import java.util.Locale;

/** The client's own figures over its lifetime, the ones the seed's {@code /stats} shows (and time to first token). */
final class ClientStats {

  private final long startedAt = System.nanoTime();
  private int messagesSent;
  private int successful;
  private int failed;
  private long chunks;
  private int sessionsCreated;
  private double successSeconds;
  private double firstTokenSeconds;
  private int firstTokens;

  void sessionCreated() {
    sessionsCreated++;
  }

  void record(TurnOutcome turn) {
    messagesSent++;
    chunks += turn.chunks();
    if (turn.success()) {
      successful++;
      successSeconds += turn.seconds();
    } else {
      failed++;
    }
    if (turn.firstTokenSeconds() != null) {
      firstTokens++;
      firstTokenSeconds += turn.firstTokenSeconds();
    }
  }

  /** The panel of {@code /stats}; {@code session} may be null when the client has none yet. */
  Box box(SessionRef session, int sessionMessages) {
    int streams = successful + failed;
    return Box.of("📊 CLIENT SESSION STATISTICS",
        "Client Session Duration: " + Clock.hms(Duration.ofNanos(System.nanoTime() - startedAt)),
        "Messages Sent: " + messagesSent,
        "Successful Streams: " + successful,
        "Failed Streams: " + failed,
        "Total Chunks Received: " + chunks,
        "Avg Chunks per Stream: " + String.format(Locale.ROOT, "%.1f", streams == 0 ? 0.0 : (double) chunks / streams),
        "Sessions Created: " + sessionsCreated,
        "Avg Response Time: " + Clock.seconds(successful == 0 ? 0 : successSeconds / successful),
        "Avg Time to First Token: " + Clock.seconds(firstTokens == 0 ? 0 : firstTokenSeconds / firstTokens),
        "Current Session: " + (session == null ? "none" : session.shortId()),
        "Session Messages: " + sessionMessages);
  }
}
