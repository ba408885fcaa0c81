package dev.streamgate.turn;

import dev.streamgate.Failure;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import dev.streamgate.dialect.NativeFormat;
import dev.streamgate.journal.TurnJournal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Where a turn's answer goes and is kept: its journal, the one record of the answer, which its
 * readers write out (the asker first, in its wire format); and the session it is stored in when the
 * turn ends, before the journal's last entry says how it ended. Used on the HTTP verticle's event loop.
 */
final class TurnAnswer {

  private final TurnServices services;
  private final String turnId;
  private final TurnContext context;
  private final Audience audience;
  private TurnJournal journal;
  private EventStream asker;
  private boolean askerGone;

  TurnAnswer(TurnServices services, String turnId, TurnContext context, Audience audience) {
    this.services = services;
    this.turnId = turnId;
    this.context = context;
    this.audience = audience;
  }

  /**
   * Opens the journal (a listed one can be found by id: {@code stop} then runs on this loop) and the
   * asker's stream, its first reader; {@code gone} runs when the asker leaves and nobody is waited for.
   */
  void open(Runnable stop, Runnable gone) {
    JsonObject opening = NativeFormat.opening(turnId, context.sessionId(), context.model(), context.created(),
        context.context().size());
    journal = audience.listed() ? services.channels().open(turnId, audience.channel(), audience.owner(), opening)
        : new TurnJournal(turnId, audience.owner(), opening);
    Context loop = Vertx.currentContext();
    journal.onCancel(() -> loop.runOnContext(v -> stop.run()));
    if (audience.asker() == null) {
      return;
    }
    if (audience.asker().response().closed()) {
      askerLeft(null, gone);
      return;
    }
    audience.asker().response().putHeader("X-Request-Id", turnId);
    asker = EventStream.open(audience.asker(), audience.format().apply(opening), true, services.streams(),
        left -> askerLeft(left, gone));
    journal.follow(asker, 0);
  }

  /** The asker's response is done: at the turn's end, or early, when its client left (or was dropped). */
  private void askerLeft(EventStream stream, Runnable gone) {
    if (stream != null) {
      journal.unfollow(stream, System.nanoTime());
    }
    askerGone = true;
    if (audience.graceNanos() == 0) {
      gone.run();
    }
  }

  /** Journals deltas that arrived together, which writes them to the readers at once. */
  void deltas(List<Delta> deltas) {
    journal.deltas(deltas);
  }

  /** True when an asker that paces the turn cannot keep up; {@code drained} then runs once it can. */
  boolean full(Runnable drained) {
    return asker != null && audience.paces() && asker.full(drained);
  }

  /** True when the asker left and nobody has come back to read the turn within the grace period. */
  boolean abandoned(long now) {
    return askerGone && audience.channel() == null && journal.unreadFor(now) > audience.graceNanos();
  }

  /**
   * Stores the reply, then ends the journal with the turn's figures ({@code meta}: what the upstream
   * said; {@code seconds}: the turn's time so far, read once the reply is stored).
   */
  void complete(JsonObject meta, DoubleSupplier seconds) {
    String text = journal.seal(); // one string for the session and the journal's last entry
    JsonObject ending = new JsonObject().put("finish_reason", meta.getString("finish_reason"))
        .put("usage", meta.getJsonObject("usage")).put("model", meta.getString("model"));
    store(false, text, kept(JournalEntry.Kind.DONE, ending)).onComplete(stored -> journal.end(JournalEntry.Kind.DONE,
        new JsonObject().put("turn_id", turnId)
        .put("session_id", context.sessionId()).put("text", text).put("chunks", journal.deltaCount())
        .put("tool_calls", toolCalls())
        .put("processing_time", seconds.getAsDouble()).put("message_count", stored.result())
        .put("stored", stored.succeeded()).put("store_error", stored.failed() ? stored.cause().getMessage() : null)
        .put("finish_reason", meta.getString("finish_reason")).put("usage", meta.getJsonObject("usage"))
        .put("provider", meta.getString("provider")).put("model", meta.getString("model"))));
  }

  /** Stores what was said as interrupted, then ends the journal with the failure. */
  void fail(Failure failure, String message) {
    JsonObject end = new JsonObject().put("turn_id", turnId).put("session_id", context.sessionId())
        .put("error", new JsonObject().put("code", failure.code()).put("message", message));
    store(true, journal.seal(), kept(JournalEntry.Kind.ERROR, end))
        .onComplete(stored -> journal.end(JournalEntry.Kind.ERROR, end));
  }

  /**
   * What the audience keeps with the reply, made from the journal as it will end ({@code ending}: the
   * last entry's fields that are known before the reply is stored); null when it keeps nothing.
   */
  private JsonObject kept(JournalEntry.Kind kind, JsonObject ending) {
    if (audience.keeps() == null || context.sessionId() == null) {
      return null;
    }
    List<JournalEntry> entries = new ArrayList<>(journal.entries());
    entries.add(JournalEntry.ending(entries.size() + 1, kind, ending));
    return audience.keeps().apply(entries);
  }

  /** The first answer's tool calls, as OpenAI writes them; null when it made none. */
  private JsonArray toolCalls() {
    List<ToolCall> calls = journal.toolCalls();
    if (calls.isEmpty()) {
      return null;
    }
    JsonArray list = new JsonArray();
    calls.forEach(call -> list.add(call.toJson()));
    return list;
  }

  /** The deltas so far. */
  int chunks() {
    return journal == null ? 0 : journal.deltaCount();
  }

  /** Stores the reply ({@code text}); the session's message count after it, or null for a turn without session. */
  private Future<Integer> store(boolean interrupted, String text, JsonObject meta) {
    if (context.sessionId() == null) {
      return Future.succeededFuture();
    }
    // A call cut short has no whole arguments to run: an interrupted reply keeps its text only.
    TurnEnd end = interrupted ? new TurnEnd(context.sessionId(), turnId, text, List.of(), List.of(), true, meta)
        : new TurnEnd(context.sessionId(), turnId, text, journal.toolCalls(), journal.thinking(), false, meta);
    return LoopAffinity.<JsonObject>request(services.bus(), Addresses.SESSION_TURN_END, end)
        .map(stored -> stored.body().getInteger("message_count"));
  }
}
