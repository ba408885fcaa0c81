package dev.streamgate.client;

import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;

/**
 * How one streamed answer looks, in the seed's shape: the status line, a header naming session and
 * model, the text as it arrives between two rules (on a terminal wrapped between words, see
 * {@link WordWrap}), then a panel saying how the stream ended.
 */
final class TurnView {

  private static final String RULE = "─".repeat(60);

  private final ClientContext ctx;
  private final Style style;
  private final UnaryOperator<String> layout;
  private boolean open;
  private boolean atLineStart = true;

  TurnView(ClientContext ctx) {
    this.ctx = ctx;
    this.style = ctx.style();
    this.layout = ctx.answerLayout();
  }

  void status(JsonObject status) {
    ctx.println("\n" + style.dim("💭 " + status.getString("message", "Generating response...")
        + " (Context: " + status.getInteger("context_messages", 0) + " messages)"));
  }

  /** Prints the header once, before the first text. */
  void open(SessionRef session) {
    if (!open) {
      open = true;
      String who = session == null ? "" : " (" + session.shortId() + " - " + session.model() + ")";
      ctx.println("\n" + style.green(style.bold("🤖 AI Response (Streaming)")) + style.dim(who));
      ctx.println(style.dim(RULE));
    }
  }

  /** Prints text the moment it arrives: flushed, no newline added. */
  void text(String text) {
    String printed = layout.apply(text);
    ctx.print(printed);
    if (!printed.isEmpty()) {
      atLineStart = printed.endsWith("\n");
    }
  }

  void completed(JsonObject complete, Double firstTokenSeconds) {
    close();
    ctx.println(Box.of("🌊 SSE STREAM COMPLETED [" + Clock.now() + "]",
        "Total Chunks: " + complete.getInteger("total_chunks", 0),
        "Total Time: " + Clock.seconds(complete.getDouble("processing_time", 0.0)),
        "Time to First Token: " + (firstTokenSeconds == null ? "-" : Clock.seconds(firstTokenSeconds)),
        "Context Messages: " + complete.getInteger("message_count", 0),
        "Status: SUCCESS").render(style));
  }

  /** The server ended the turn with an {@code error} event. */
  void failed(JsonObject error, int chunks) {
    close();
    ctx.println(Box.of("❌ SSE STREAM FAILED [" + Clock.now() + "]",
        "Error: " + error.getString("code", "error"),
        "Message: " + error.getString("message", ""),
        "Chunks Received: " + chunks,
        "Status: FAILED").render(style));
  }

  /**
   * The turn was stopped on request (Ctrl-C here, or another client's {@code DELETE /streams/{turn_id}}):
   * {@code confirmed} when the server ended it with its {@code stopped} event, having stored the answer so
   * far as interrupted; otherwise the stream was closed here, the server silent.
   */
  void stopped(boolean confirmed, int chunks) {
    close();
    ctx.println(Box.of("🛑 SSE STREAM STOPPED [" + Clock.now() + "]",
        "Message: " + (confirmed ? "stopped on request" : "no end from the server in time; stream closed here"),
        "Chunks Received: " + chunks,
        "Stored: " + (confirmed ? "the answer so far, marked interrupted" : "unknown"),
        "Status: STOPPED").render(style));
  }

  /** The connection broke, or ended without saying how the turn ended. */
  void interrupted(String reason, int chunks) {
    close();
    ctx.println(style.yellow("⚠️  Stream interrupted after " + chunks + " chunks: " + reason));
    ctx.println(style.yellow("🔄 The client reconnects with your next message (retrying while the server is away)."));
  }

  private void close() {
    if (open) {
      ctx.println((atLineStart ? "" : "\n") + style.dim(RULE));
      open = false;
    }
    ctx.println("");
  }
}
