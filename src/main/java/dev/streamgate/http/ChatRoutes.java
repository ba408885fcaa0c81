package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.dialect.NativeDialect;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /chat/stream}: validate, record the user message, then relay the turn as an event stream. */
final class ChatRoutes {

  private final EventBus bus;
  private final int maxMessageChars;
  private final StreamHooks hooks;

  ChatRoutes(EventBus bus, int maxMessageChars, StreamHooks hooks) {
    this.bus = bus;
    this.maxMessageChars = maxMessageChars;
    this.hooks = hooks;
  }

  void mount(Router router) {
    router.post("/chat/stream").handler(this::streamChat);
  }

  private void streamChat(RoutingContext ctx) {
    ChatRequest chat = ChatRequest.parse(ctx, maxMessageChars);
    Models.known(bus, chat.model())
        .compose(v -> LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_TURN_BEGIN,
            new TurnBegin(chat.sessionId(), chat.message(), chat.model()).toJson()))
        .map(reply -> TurnContext.fromJson(reply.body()))
        .compose(context -> new TurnStream(bus, ctx.request(), context, new NativeDialect(), hooks).start())
        .onFailure(ctx::fail);
  }
}
