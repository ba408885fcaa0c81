package dev.streamgate.http;

import dev.streamgate.bus.TurnBegin;
import dev.streamgate.dialect.NativeDialect;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /chat/stream}: validate, record the user message, then relay the turn as an event stream. */
final class ChatRoutes {

  private final SessionTurns turns;
  private final int maxMessageChars;

  ChatRoutes(SessionTurns turns, int maxMessageChars) {
    this.turns = turns;
    this.maxMessageChars = maxMessageChars;
  }

  void mount(Router router) {
    router.post("/chat/stream").handler(this::streamChat);
  }

  private void streamChat(RoutingContext ctx) {
    ChatRequest chat = ChatRequest.parse(ctx, maxMessageChars);
    turns.start(ctx.request(), new TurnBegin(chat.sessionId(), chat.message(), chat.model(), false, ApiKeys.owner(ctx)),
            new NativeDialect())
        .onFailure(ctx::fail);
  }
}
