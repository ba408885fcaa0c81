package dev.streamgate.http;

import dev.streamgate.dialect.NativeFormat;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.TurnStarter;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /chat/stream}: validate ({@link NativeChatRequest}), record the tool results and the user
 * message, then relay the turn as an event stream, kept in a journal its client can come back to if its
 * connection drops ({@link StreamRoutes}).
 */
final class ChatRoutes {

  private final TurnStarter turns;
  private final int maxMessageChars;
  private final long graceNanos;

  ChatRoutes(TurnStarter turns, int maxMessageChars, long graceNanos) {
    this.turns = turns;
    this.maxMessageChars = maxMessageChars;
    this.graceNanos = graceNanos;
  }

  void mount(Router router) {
    router.post("/chat/stream").handler(this::streamChat);
  }

  private void streamChat(RoutingContext ctx) {
    NativeChatRequest chat = NativeChatRequest.parse(JsonBodies.required(ctx), maxMessageChars);
    String owner = ApiKeys.owner(ctx);
    turns.start(chat.begin(owner), chat.options(),
            Audience.resumable("native", ctx, owner, opening -> new NativeFormat(opening, 0), graceNanos))
        .onFailure(ctx::fail);
  }
}
