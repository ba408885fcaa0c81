package dev.streamgate.dialect;

import dev.streamgate.bus.JournalEntry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answer stream of seed 001 ({@code GET /events?message=…}, {@code GET /hello}): default
 * {@code message} events whose data is JSON. A new stream opens with the seed's welcome message, then
 * come the {@code event} and {@code data} fields that seed's client reads: {@code {"event":"token",
 * "data":"…"}} per delta of text ({@code "reasoning"} for reasoning), then {@code {"event":"done","data":{…figures}}} or {@code {"event":"error",
 * "data":"…","code":"…"}}; the server then closes.
 */
public final class EventJsonFormat implements JournalFormat {

  /** Written as the seed shows it, byte for byte (its spacing is Python's {@code json.dumps}). */
  private static final String WELCOME = "{\"sender\": \"Server\", \"message\": \"Welcome to the SSE connection!\"}";

  private final String welcomeTurn;

  /**
   * {@code welcomeTurn}: the turn a new stream reads, which opens with the welcome; null for a stream
   * that resumes one (an EventSource reconnecting with {@code Last-Event-ID}), which does not.
   */
  public EventJsonFormat(String welcomeTurn) {
    this.welcomeTurn = welcomeTurn;
  }

  /**
   * The seed's first event on a new stream. Its id is the turn's start ({@code <turn id>:0}), so an
   * EventSource that reconnects before any token resumes the turn from its beginning, not a new turn.
   */
  @Override
  public Buffer opening() {
    return welcomeTurn == null ? null
        : Buffer.buffer("id: " + EventId.format(welcomeTurn, 0) + "\ndata: " + WELCOME + "\n\n");
  }

  @Override
  public Buffer entries(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore) {
    Buffer events = Buffer.buffer(64 * entries.size());
    for (JournalEntry entry : entries) {
      JsonObject event = event(entry);
      if (event != null) {
        events.appendBuffer(SseWriter.data(EventId.format(turnId, entry.seq()), event));
      }
    }
    return events;
  }

  /**
   * Reasoning comes as {@code reasoning} events. One answer of text: a tool call is not shown (the
   * {@code done} figures' finish reason says {@code tool_calls}), nor another answer than the first.
   */
  private static JsonObject event(JournalEntry entry) {
    return switch (entry.kind()) {
      case DELTA -> entry.delta().choice() != 0 ? null : switch (entry.delta().kind()) {
        case TEXT, REFUSAL -> new JsonObject().put("event", "token").put("data", entry.text());
        case REASONING -> new JsonObject().put("event", "reasoning").put("data", entry.text());
        case REASONING_SIGNATURE, REDACTED_REASONING, TOOL_CALL, TOOL_ARGUMENTS, FINISH -> null;
      };
      case DONE -> new JsonObject().put("event", "done").put("data", entry.end());
      case ERROR -> new JsonObject().put("event", "error").put("data", entry.end().getJsonObject("error").getString("message"))
          .put("code", entry.end().getJsonObject("error").getString("code"));
    };
  }
}
