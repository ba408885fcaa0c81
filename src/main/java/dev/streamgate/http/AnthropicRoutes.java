package dev.streamgate.http;

import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.Tool;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.dialect.AnthropicMessagesFormat;
import dev.streamgate.dialect.AnthropicMessagesRequest;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.TurnStarter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} (streaming or not; stateless, the conversation
 * comes in the request) and {@code POST /v1/messages/count_tokens}, with Anthropic-shaped errors (see
 * {@link ErrorMapper}), so Anthropic's client libraries work given only this base URL, in front of any
 * configured provider. The key may come as {@code x-api-key}, as they send it ({@link ApiKeys}).
 */
final class AnthropicRoutes {

  /** Characters per token of the count estimate: the usual rule of thumb for English text. */
  private static final int CHARS_PER_TOKEN = 4;
  /** What an image is counted as: Anthropic's cost of an image of about a megapixel. */
  private static final int IMAGE_TOKENS = 1_600;

  private final TurnStarter turns;
  private final GatewayConfig config;

  AnthropicRoutes(TurnStarter turns, GatewayConfig config) {
    this.turns = turns;
    this.config = config;
  }

  void mount(Router router) {
    router.post("/v1/messages").handler(this::create);
    router.post("/v1/messages/count_tokens").handler(this::countTokens);
  }

  private void create(RoutingContext ctx) {
    AnthropicMessagesRequest request = AnthropicMessagesRequest.parse(JsonBodies.required(ctx),
        config.http().maxMessageChars());
    String owner = ApiKeys.owner(ctx);
    turns.start(owner, request.model(), config.llm().defaultModel(), request.messages(), request.options(),
            concrete -> Audience.asker("anthropic", ctx, owner, opening -> new AnthropicMessagesFormat(
                opening.getString("turn_id"), request.stream(), concrete)))
        .onFailure(ctx::fail);
  }

  /**
   * Counted by the API of the provider that would answer, where it has a counter (Anthropic's and
   * Gemini's, so the count is exact); else an estimate, the same for every other provider: a token per
   * four characters of text, tool definitions included, and 1,600 per image. A provider that refuses to
   * count, or cannot be reached, is an error (not an estimate in its place).
   */
  private void countTokens(RoutingContext ctx) {
    JsonObject body = JsonBodies.required(ctx).copy().put("max_tokens", 1);
    AnthropicMessagesRequest request = AnthropicMessagesRequest.parse(body, config.http().maxMessageChars());
    LlmRequest counted = new LlmRequest(null, request.model(), request.options().prompt(request.messages()),
        request.options(), null);
    LoopAffinity.<JsonObject>request(ctx.vertx().eventBus(), Addresses.LLM_COUNT_TOKENS, counted)
        .onSuccess(answer -> ctx.json(new JsonObject().put("input_tokens", answer.body().containsKey("input_tokens")
            ? answer.body().getLong("input_tokens") : estimate(request))))
        .onFailure(ctx::fail);
  }

  private static long estimate(AnthropicMessagesRequest request) {
    long chars = 0;
    long images = 0;
    for (ChatMessage message : request.messages()) {
      for (ContentPart part : message.parts()) {
        chars += part.isText() ? part.text().length() : 0;
        images += part.isText() ? 0 : 1;
      }
      chars += message.toolCalls().stream().mapToLong(call -> call.name().length() + call.arguments().length()).sum();
    }
    for (Tool tool : request.options().tools()) {
      chars += tool.toJson().encode().length();
    }
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN + images * IMAGE_TOKENS;
  }
}
