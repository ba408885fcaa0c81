package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.dialect.OpenAiChatDialect;
import dev.streamgate.dialect.OpenAiChatRequest;
import dev.streamgate.lifecycle.Drain;
import dev.streamgate.limits.Admission;
import dev.streamgate.limits.Slot;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} (streaming or not; stateless, the
 * conversation comes in the request) and {@code GET /v1/models}, with OpenAI-shaped errors, so
 * OpenAI's client libraries work given only this base URL.
 */
final class OpenAiRoutes {

  private final EventBus bus;
  private final Models models;
  private final GatewayConfig config;
  private final ChunkInbox inbox;
  private final TurnIds turnIds;
  private final Drain drain;
  private final StreamHooks hooks;
  private final Admission admission;

  OpenAiRoutes(EventBus bus, Models models, ChunkInbox inbox, GatewayConfig config, TurnIds turnIds, Drain drain,
      StreamHooks hooks, Admission admission) {
    this.bus = bus;
    this.models = models;
    this.inbox = inbox;
    this.config = config;
    this.turnIds = turnIds;
    this.drain = drain;
    this.hooks = hooks;
    this.admission = admission;
  }

  void mount(Router router) {
    router.post("/v1/chat/completions").handler(this::complete);
    router.get("/v1/models").handler(ctx -> ctx.json(models()));
  }

  private void complete(RoutingContext ctx) {
    OpenAiChatRequest chat = OpenAiChatRequest.parse(JsonBodies.required(ctx), config.http().maxMessageChars());
    if (drain.draining()) {
      throw GatewayException.draining();
    }
    String requested = chat.model() == null ? config.llm().defaultModel() : chat.model();
    Slot slot = admission.turn(ApiKeys.owner(ctx));
    // The upstream gets the name the client sent (aliases route); the client sees the concrete model.
    models.resolve(chat.model())
        .compose(concrete -> new TurnStream(bus, inbox, turnIds.next(),
            new TurnContext(null, requested, false, chat.messages(), 0), new ResponseOutput(ctx.request(),
                new OpenAiChatDialect(chat.stream(), chat.includeUsage(), concrete == null ? requested : concrete),
                SlowReader.Bounds.of(config.limits())),
            new SlotRelease(hooks, slot)).start())
        .onFailure(err -> slot.release())
        .onFailure(ctx::fail);
  }

  /**
   * The models this node answers without a route: the default, each configured provider's default, and
   * the aliases (whose providers count as configured).
   */
  private JsonObject models() {
    GatewayConfig.Llm llm = config.llm();
    Map<String, String> owners = new LinkedHashMap<>();
    owners.put(llm.defaultModel(), llm.provider());
    llm.configured().forEach(p -> owners.putIfAbsent(llm.defaultModelOf(p), p));
    llm.routing().aliases().forEach((name, alias) -> owners.putIfAbsent(name, alias.provider()));
    JsonArray data = new JsonArray();
    owners.forEach((id, owner) -> data.add(new JsonObject().put("id", id).put("object", "model").put("created", 0)
        .put("owned_by", owner)));
    return new JsonObject().put("object", "list").put("data", data);
  }
}
