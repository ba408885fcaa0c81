package dev.streamgate.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One chat message: opens {@code POST /chat/stream} in the current session, shows every event as it
 * arrives and says how the turn ended. Reaching the server is retried (see {@link GatewayApi}); a
 * stream that breaks is not resent, since the server may have stored the turn already. Ctrl-C stops
 * the turn ({@link CtrlC}, {@link TurnStop}) from the moment the message is sent until it has ended.
 */
final class ChatTurn {

  private final ClientContext ctx;
  private final TurnView view;
  private final long startedAt = System.nanoTime();
  private SessionRef session;
  private TurnStop stop;
  private Double firstToken;
  private int chunks;

  ChatTurn(ClientContext ctx) {
    this.ctx = ctx;
    this.view = new TurnView(ctx);
    this.session = ctx.session();
  }

  TurnOutcome send(String message) throws InterruptedException {
    stop = ctx.ctrlC().watch(ctx.api());
    try {
      return read(open(message));
    } catch (IOException | ApiFailure | DecodeException failure) {
      ctx.report(failure);
      return TurnOutcome.unreached(seconds());
    } finally {
      ctx.ctrlC().release(stop);
    }
  }

  /** A session the server no longer knows (it restarted, or another client deleted it) is replaced by a new one. */
  private InputStream open(String message) throws IOException, InterruptedException {
    try {
      return ctx.api().openStream(body(message));
    } catch (ApiFailure failure) {
      if (failure.status() != 404 || session == null) {
        throw failure;
      }
      ctx.println(ctx.style().yellow("⚠️  Session " + session.shortId()
          + " no longer exists on the server; starting a new session."));
      ctx.switchTo(null, 0);
      session = null;
      return ctx.api().openStream(body(message));
    }
  }

  private JsonObject body(String message) {
    JsonObject body = new JsonObject().put("message", message);
    return session == null ? body : body.put("session_id", session.id());
  }

  private TurnOutcome read(InputStream stream) {
    stop.opened(stream);
    try (SseReader events = new SseReader(stream)) {
      for (JsonObject event = events.next(); event != null; event = events.next()) {
        TurnOutcome end = handle(event);
        if (end != null) {
          return end;
        }
      }
      return interrupted("the server ended the stream before the answer was complete");
    } catch (IOException e) {
      return interrupted("connection lost (" + ClientContext.reason(e) + ")");
    } catch (DecodeException | ClassCastException e) {
      return interrupted("the server sent an event that is not the native API's JSON");
    }
  }

  /** Shows one event; returns the outcome when the event ends the turn. */
  private TurnOutcome handle(JsonObject event) {
    switch (Objects.requireNonNullElse(event.getString("type"), "")) {
      case "session_info" -> started(event);
      case "status" -> {
        view.status(event);
        view.open(session);
      }
      case "chunk" -> chunk(event.getString("text", ""));
      case "complete" -> {
        ctx.switchTo(session, event.getInteger("message_count", ctx.sessionMessages()));
        view.completed(event, firstToken);
        return new TurnOutcome(true, chunks, seconds(), firstToken);
      }
      case "error" -> {
        return failed(event);
      }
      default -> { }
    }
    return null;
  }

  private void started(JsonObject info) {
    stop.started(info.getString("turn_id"));
    session = new SessionRef(info.getString("session_id"), info.getString("model"));
    if (info.getBoolean("created", false)) {
      ctx.stats().sessionCreated();
      ctx.switchTo(session, 0);
    } else {
      ctx.switchTo(session, ctx.sessionMessages());
    }
  }

  private void chunk(String text) {
    if (text.isEmpty()) {
      return;
    }
    if (firstToken == null) {
      firstToken = seconds();
    }
    chunks++;
    view.open(session);
    view.text(text);
  }

  /** The server ended the turn with an error: {@code stopped} is the answer to a stop (Ctrl-C here, or elsewhere). */
  private TurnOutcome failed(JsonObject error) {
    if ("stopped".equals(error.getString("code"))) {
      view.stopped(true, chunks);
    } else {
      view.failed(error, chunks);
    }
    return new TurnOutcome(false, chunks, seconds(), firstToken);
  }

  /** The stream ended without the turn's end: closed here when a stop was asked for, else cut. */
  private TurnOutcome interrupted(String reason) {
    if (stop.requested()) {
      view.stopped(false, chunks);
    } else {
      view.interrupted(reason, chunks);
    }
    return new TurnOutcome(false, chunks, seconds(), firstToken);
  }

  private double seconds() {
    return (System.nanoTime() - startedAt) / 1e9;
  }
}
