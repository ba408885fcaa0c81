package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.channel.Channels;
import dev.streamgate.channel.EventId;
import dev.streamgate.dialect.EventJsonFormat;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.LiveAnswerFormat;
import dev.streamgate.dialect.TokenEventsFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The event-channel dialects of the seeds: the answer does not come back on the request that asks.
 * <ul>
 *   <li>000: {@code GET /events} is the channel; {@code POST /conversation} answers 202 at once and
 *   its turn streams into the channel (cumulative {@code message} events, one {@code done}).</li>
 *   <li>002: {@code POST /api/streaming} ({@code {prompt}}), then {@code GET /api/streaming}, possibly
 *   later, gets {@code newToken} events and one {@code end}: nothing produced before it connected is
 *   lost, nothing is sent twice.</li>
 *   <li>001: {@code GET /events?message=…} streams that message's answer as JSON {@code {event, data}}
 *   messages and closes; an EventSource reconnecting with {@code Last-Event-ID} resumes after that
 *   event, or gets 204 (which stops it) once the turn has been read to the end.</li>
 * </ul>
 * Every event has the id {@code <turn id>:<seq>}; a channel stream reconnecting with it resumes there.
 */
final class ChannelRoutes {

  private final SessionTurns turns;
  private final Channels channels;
  private final Journals journals;
  private final StreamRegistry streams;
  private final int maxMessageChars;
  private final long graceNanos;

  ChannelRoutes(SessionTurns turns, Channels channels, Journals journals, StreamRegistry streams, int maxMessageChars,
                long graceNanos) {
    this.turns = turns;
    this.channels = channels;
    this.journals = journals;
    this.streams = streams;
    this.maxMessageChars = maxMessageChars;
    this.graceNanos = graceNanos;
  }

  void mount(Router router) {
    router.get("/events").handler(ctx -> {
      if (ctx.request().getParam("message") == null) {
        listen(ctx, LiveAnswerFormat::new);
      } else {
        answer(ctx);
      }
    });
    router.post("/conversation").handler(ctx -> ask(ctx, "text"));
    router.get("/api/streaming").handler(ctx -> listen(ctx, TokenEventsFormat::new));
    router.post("/api/streaming").handler(ctx -> ask(ctx, "prompt"));
  }

  /** A stream on the caller's channel: the turns it has not read yet, then every new one. */
  private void listen(RoutingContext ctx, Supplier<JournalFormat> format) {
    String key = ChannelIds.key(ctx, ChannelIds.of(ctx));
    JournalStream stream = JournalStream.start(ctx, format.get(), false, streams, reader -> channels.leave(key, reader));
    channels.listen(key, stream, EventId.parse(ctx.request().getHeader("Last-Event-ID")));
  }

  /** A turn into the caller's channel; the request is answered as soon as the turn has started. */
  private void ask(RoutingContext ctx, String textField) {
    ChatRequest ask = ChatRequest.channel(JsonBodies.required(ctx), textField, maxMessageChars);
    String channel = ChannelIds.of(ctx);
    String session = ask.sessionId() == null ? channel : ask.sessionId();
    TurnBegin begin = new TurnBegin(session, ask.message(), ask.model(), true, ApiKeys.owner(ctx));
    turns.start(begin, new JournalOutput(channels, ChannelIds.key(ctx, channel), ApiKeys.owner(ctx), 0,
        TurnOutput.clientIp(ctx.request()), "channel"))
        .onSuccess(turn -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .putHeader("X-Request-Id", turn.turnId())
            .end(new JsonObject().put("status", "streaming").put("channel", channel)
                .put("conversation_id", turn.sessionId()).put("message_id", turn.turnId()).toBuffer()))
        .onFailure(ctx::fail);
  }

  /** Seed 001: this message's answer on this request, or the rest of it for a reconnecting EventSource. */
  private void answer(RoutingContext ctx) {
    EventId resume = EventId.parse(ctx.request().getHeader("Last-Event-ID"));
    if (resume != null) {
      // Read to the end, or unknown here: 204 tells an EventSource to stop. Any node of a cluster can resume it.
      journals.read(ctx, resume.turnId(), resume.seq(), opening -> new EventJsonFormat()).onFailure(err -> {
        if (GatewayException.from(err).status() == 404 && !ctx.response().headWritten()) {
          ctx.response().setStatusCode(204).end();
        } else {
          ctx.fail(err);
        }
      });
      return;
    }
    String message = ChatRequest.message(ctx.request().getParam("message"), "message", maxMessageChars);
    String session = ChatRequest.id(ctx.request().getParam("session_id"), "session_id");
    TurnBegin begin = new TurnBegin(session, message, ChatRequest.id(ctx.request().getParam("model"), "model"),
        session != null, ApiKeys.owner(ctx));
    turns.start(begin, new JournalOutput(channels, null, ApiKeys.owner(ctx), graceNanos,
        TurnOutput.clientIp(ctx.request()), "events"))
        .onSuccess(turn -> {
          ctx.response().putHeader("X-Request-Id", turn.turnId());
          JournalStream.follow(ctx, channels.journal(turn.turnId()), 0, new EventJsonFormat(), streams);
        })
        .onFailure(ctx::fail);
  }
}
