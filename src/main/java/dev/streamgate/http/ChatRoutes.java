package dev.streamgate.http;

import dev.streamgate.bus.TurnBegin;
import dev.streamgate.channel.Channels;
import dev.streamgate.dialect.NativeDialect;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /chat/stream}: validate, record the user message, then relay the turn as an event stream,
 * kept in a journal too so a client whose connection drops can resume it ({@link StreamRoutes}).
 */
final class ChatRoutes {

  private final SessionTurns turns;
  private final Channels channels;
  private final int maxMessageChars;
  private final long graceNanos;

  ChatRoutes(SessionTurns turns, Channels channels, int maxMessageChars, long graceNanos) {
    this.turns = turns;
    this.channels = channels;
    this.maxMessageChars = maxMessageChars;
    this.graceNanos = graceNanos;
  }

  void mount(Router router) {
    router.post("/chat/stream").handler(this::streamChat);
  }

  private void streamChat(RoutingContext ctx) {
    ChatRequest chat = ChatRequest.parse(ctx, maxMessageChars);
    String owner = ApiKeys.owner(ctx);
    ResponseOutput response = turns.respond(ctx.request(), new NativeDialect());
    JournalOutput journal = new JournalOutput(channels, null, owner, graceNanos, response.clientIp(), response.dialect());
    turns.start(new TurnBegin(chat.sessionId(), chat.message(), chat.model(), false, owner),
            new ResumableOutput(response, journal, graceNanos))
        .onFailure(ctx::fail);
  }
}
