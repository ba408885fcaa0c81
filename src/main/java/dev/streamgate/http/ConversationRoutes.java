package dev.streamgate.http;

import dev.streamgate.bus.TurnBegin;
import dev.streamgate.dialect.ConversationFormat;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.TurnStarter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/chat/} (trailing slash optional), body {@code {conversation_id, message, stream}}:
 * the seed chatbot's API. The conversation id is the session; an unknown id starts a conversation with
 * that id. {@code stream} defaults to whether the client accepts {@code text/event-stream}. An
 * {@code EventSource} asks with {@code GET ?message=…} instead.
 */
final class ConversationRoutes {

  private final TurnStarter turns;
  private final int maxMessageChars;

  ConversationRoutes(TurnStarter turns, int maxMessageChars) {
    this.turns = turns;
    this.maxMessageChars = maxMessageChars;
  }

  void mount(Router router) {
    router.post("/api/v1/chat").handler(this::chat);
    router.post("/api/v1/chat/").handler(this::chat);
    router.get("/api/v1/chat").handler(this::listen);
    router.get("/api/v1/chat/").handler(this::listen);
  }

  private void chat(RoutingContext ctx) {
    JsonObject body = JsonBodies.required(ctx);
    ChatRequest chat = ChatRequest.parse(body, maxMessageChars, "conversation_id");
    String accept = ctx.request().getHeader("Accept");
    Boolean explicit = JsonBodies.flag(body, "stream");
    boolean stream = explicit != null ? explicit : accept != null && accept.contains("text/event-stream");
    start(ctx, chat, stream);
  }

  /**
   * The same turn for an {@code EventSource}, which can only GET: {@code ?message=…&conversation_id=…}
   * (seed 003's EventSource example passes a body and headers, which browsers ignore), always streamed.
   */
  private void listen(RoutingContext ctx) {
    String message = ChatRequest.message(ctx.request().getParam("message"), "message", maxMessageChars);
    start(ctx, new ChatRequest(ChatRequest.id(ctx.request().getParam("conversation_id"), "conversation_id"), message,
        ChatRequest.id(ctx.request().getParam("model"), "model")), true);
  }

  private void start(RoutingContext ctx, ChatRequest chat, boolean stream) {
    String owner = ApiKeys.owner(ctx);
    turns.start(new TurnBegin(chat.sessionId(), chat.message(), chat.model(), true, owner),
            Audience.asker("conversation", ctx, owner, opening -> new ConversationFormat(stream)))
        .onFailure(ctx::fail);
  }
}
