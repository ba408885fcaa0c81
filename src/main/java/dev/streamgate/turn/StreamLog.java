package dev.streamgate.turn;

import dev.streamgate.bus.Delta;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream lifecycle log: started (client IP, session, message preview, active streams) and ended
 * (chunks, time, status). One line per event ({@code line}), the boxes and per-chunk lines of the seed
 * server's console ({@code boxed}), or one JSON object per turn when it ends ({@code json}, logger
 * {@code streamgate.turn}, for log shippers; its {@code turn_id} is the {@code X-Request-Id} header and
 * the id in the turn's complete or error event). Text (the user's message, a chunk of the answer)
 * appears only with {@code logs.content} on, cut short and folded to one line so it cannot forge a log
 * line; API keys never reach this class.
 */
public final class StreamLog {

  private static final Logger LOG = LoggerFactory.getLogger("streamgate.stream");
  private static final Logger TURNS = LoggerFactory.getLogger("streamgate.turn");
  private static final int PREVIEW_CHARS = 60;
  private static final int BOX_WIDTH = 66;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final boolean boxed;
  private final boolean json;
  private final boolean content;

  public StreamLog(GatewayConfig.Logs logs) {
    this.boxed = "boxed".equals(logs.style());
    this.json = "json".equals(logs.style());
    this.content = logs.content();
  }

  /** True when each chunk gets its own line ({@code boxed}): the per-chunk path asks this and nothing else otherwise. */
  boolean chunkLines() {
    return boxed;
  }

  /** The seed's {@code 🌊 [time] Chunk #n: "text"} lines for deltas just relayed; their length without logs.content. */
  void chunks(TurnStream stream, List<Delta> deltas) {
    List<String> texts = deltas.stream().filter(Delta::isAnswerText).map(Delta::text).toList();
    int number = stream.chunks() - texts.size();
    String time = LocalTime.now().format(CLOCK);
    for (String text : texts) {
      number++;
      LOG.info("🌊 [{}] Chunk #{}: {}", time, number,
          content ? "\"" + preview(text) + "\"" : text.length() + " characters");
    }
  }

  void started(TurnStream stream, int active) {
    if (json) {
      return; // one line per turn, when it ends
    }
    if (boxed) {
      List<String> lines = new ArrayList<>(List.of("Client IP: " + stream.clientIp(), "Session: " + stream.sessionId()));
      if (content) {
        lines.add("Message: \"" + preview(stream.question()) + "\"");
      }
      lines.add("Active Streams: " + active);
      LOG.info(box("🌊 SSE STREAM STARTED", lines));
    } else if (content) {
      LOG.info("stream started turn={} session={} client={} message=\"{}\" active_streams={}", stream.turnId(),
          stream.sessionId(), stream.clientIp(), preview(stream.question()), active);
    } else {
      LOG.info("stream started turn={} session={} client={} active_streams={}", stream.turnId(), stream.sessionId(),
          stream.clientIp(), active);
    }
  }

  void ended(TurnStream stream, long nanos, int active) {
    boolean success = stream.endCode() == null;
    String status = success ? "SUCCESS" : stream.clientGone() ? "CLIENT_GONE" : "FAILED";
    if (json) {
      TURNS.info(turnJson(stream, nanos, status, active).encode());
    } else if (boxed) {
      LOG.info(box("🌊 SSE STREAM " + (success ? "COMPLETED" : "ENDED"), List.of("Session: " + stream.sessionId(),
          "Total Chunks: " + stream.chunks(), "Total Time: " + String.format("%.3fs", nanos / 1e9),
          "Active Streams: " + active, "Status: " + status)));
    } else {
      LOG.info("stream ended turn={} session={} dialect={} provider={} chunks={} ttft_ms={} time_ms={} status={}{} "
          + "active_streams={}", stream.turnId(), stream.sessionId(), stream.dialect(), stream.provider(),
          stream.chunks(), millis(stream.firstTokenNanos()), nanos / 1_000_000, status,
          success ? "" : " code=" + stream.endCode(), active);
    }
  }

  /** The turn as one JSON object: what a user's report needs to be traced, no secret, no text unless asked. */
  private JsonObject turnJson(TurnStream stream, long nanos, String status, int active) {
    JsonObject line = new JsonObject().put("ts", Instant.now().toString()).put("event", "turn")
        .put("turn_id", stream.turnId()).put("session_id", stream.sessionId()).put("dialect", stream.dialect())
        .put("provider", stream.provider()).put("model", stream.model()).put("client_ip", stream.clientIp())
        .put("status", status).put("code", stream.endCode()).put("chunks", stream.chunks())
        .put("ttft_ms", millis(stream.firstTokenNanos())).put("duration_ms", nanos / 1_000_000)
        .put("active_streams", active);
    return content ? line.put("message", preview(stream.question())) : line;
  }

  private static Long millis(long nanos) {
    return nanos < 0 ? null : nanos / 1_000_000;
  }

  /** The first characters of the user's text on one line, control characters and quotes made harmless. */
  public static String preview(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").replace('"', '\'').strip();
    return flat.length() <= PREVIEW_CHARS ? flat : flat.substring(0, PREVIEW_CHARS) + "...";
  }

  private static String box(String title, List<String> lines) {
    String head = "┌─ " + title + " [" + LocalTime.now().format(CLOCK) + "] ";
    StringBuilder box = new StringBuilder("\n").append(head).append("─".repeat(Math.max(1, BOX_WIDTH - head.length())))
        .append("┐\n");
    lines.forEach(line -> box.append("│ ").append(line).append(" ".repeat(Math.max(1, BOX_WIDTH - 2 - line.length())))
        .append("│\n"));
    return box.append('└').append("─".repeat(BOX_WIDTH - 1)).append('┘').toString();
  }
}
