package dev.streamgate.http;

import dev.streamgate.bus.TurnBegin;
import dev.streamgate.dialect.ConversationDialect;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/chat/} (trailing slash optional), body {@code {conversation_id, message, stream}}:
 * the seed chatbot's API. The conversation id is the session; an unknown id starts a conversation with
 * that id. {@code stream} defaults to whether the client accepts {@code text/event-stream}.
 */
final class ConversationRoutes {

  private final SessionTurns turns;
  private final int maxMessageChars;

  ConversationRoutes(SessionTurns turns, int maxMessageChars) {
    this.turns = turns;
    this.maxMessageChars = maxMessageChars;
  }

  void mount(Router router) {
    router.post("/api/v1/chat").handler(this::chat);
    router.post("/api/v1/chat/").handler(this::chat);
  }

  private void chat(RoutingContext ctx) {
    JsonObject body = JsonBodies.required(ctx);
    ChatRequest chat = ChatRequest.parse(body, maxMessageChars, "conversation_id");
    String accept = ctx.request().getHeader("Accept");
    Boolean explicit = JsonBodies.flag(body, "stream");
    boolean stream = explicit != null ? explicit : accept != null && accept.contains("text/event-stream");
    turns.start(ctx.request(), new TurnBegin(chat.sessionId(), chat.message(), chat.model(), true, ApiKeys.owner(ctx)),
        new ConversationDialect(stream)).onFailure(ctx::fail);
  }
}
