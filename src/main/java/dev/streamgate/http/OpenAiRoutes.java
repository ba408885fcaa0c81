package dev.streamgate.http;

import dev.streamgate.config.GatewayConfig;
import dev.streamgate.dialect.OpenAiChatFormat;
import dev.streamgate.dialect.OpenAiChatRequest;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.TurnStarter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} (streaming or not; stateless, the
 * conversation comes in the request) and {@code GET /v1/models}, with OpenAI-shaped errors (every
 * failure under {@code /v1/}, see {@link ErrorMapper}), so OpenAI's client libraries work given only
 * this base URL.
 */
final class OpenAiRoutes {

  private final TurnStarter turns;
  private final GatewayConfig config;

  OpenAiRoutes(TurnStarter turns, GatewayConfig config) {
    this.turns = turns;
    this.config = config;
  }

  void mount(Router router) {
    router.post("/v1/chat/completions").handler(this::complete);
    router.get("/v1/models").handler(ctx -> ctx.json(models()));
  }

  private void complete(RoutingContext ctx) {
    OpenAiChatRequest chat = OpenAiChatRequest.parse(JsonBodies.required(ctx), config.http().maxMessageChars());
    String owner = ApiKeys.owner(ctx);
    turns.start(owner, chat.model(), config.llm().defaultModel(), chat.messages(), chat.options(),
            concrete -> Audience.asker("openai", ctx, owner, opening -> new OpenAiChatFormat(opening.getString("turn_id"),
                chat.stream(), chat.includeUsage(), concrete, chat.options().params().choices())))
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
