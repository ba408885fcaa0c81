package dev.streamgate.http;

import dev.streamgate.dialect.TurnFailure;
import dev.streamgate.dialect.TurnResult;
import dev.streamgate.dialect.TurnStart;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Where one turn's answer goes: a client's response written in its dialect ({@link ResponseOutput}),
 * or a journal that event-channel listeners read, now or later ({@link JournalOutput}). Used on the
 * turn's event loop by {@link TurnStream}, which owns the bus side of the turn.
 */
interface TurnOutput {

  /**
   * The turn starts; {@code gone} runs once if the reader leaves before the turn ends, {@code stop} when
   * someone asks to stop it (only outputs that can be found by turn id offer that).
   */
  void open(TurnStart start, Runnable gone, Runnable stop);

  /** Deltas that arrived together. */
  void deltas(List<String> deltas);

  /** True when the reader cannot keep up; {@code drained} then runs once it can. */
  boolean full(Runnable drained);

  /** The stream has been quiet for a heartbeat period. */
  void idle();

  /** Called by the sweep: true when nobody has been reading for longer than the turn may wait. */
  boolean abandoned(long now);

  void complete(TurnResult result);

  void fail(TurnFailure failure);

  String clientIp();

  /** The wire format the turn is read in, a bounded label for metrics and logs ("native", "openai"…). */
  String dialect();

  static String clientIp(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
  }
}
