package dev.streamgate.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.GenerationParams;
import dev.streamgate.bus.LlmRequest;
import dev.streamgate.bus.Tool;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.bus.ToolChoice;
import dev.streamgate.bus.TurnOptions;
import dev.streamgate.config.GatewayConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Messages API body for each thing a turn may ask: {@code honours()} lists exactly what the body
 * maps, a JSON answer is a tool the model must call, thinking fits in the answer's bound, and the
 * conversation keeps Anthropic's alternation of roles.
 */
class AnthropicBodyTest {

  private static final AnthropicApi API =
      new AnthropicApi(new GatewayConfig.Anthropic("http://x", "k", "claude", 4096));
  private static final List<ChatMessage> HI = List.of(text(ChatMessage.USER, "hi"));
  private static final Tool WEATHER = new Tool("get_weather", null, AnthropicRequestTest.SCHEMA, true);

  @Test
  void honoursListsExactlyWhatTheBodyMaps() {
    Set<String> lacking = Set.of("seed", "presence_penalty", "frequency_penalty", "n", "verbosity", "prompt_cache_key",
        TurnOptions.UNSIGNED_TOOL_LOOP);
    assertThat(API.honours()).isEqualTo(TurnOptions.ALL_ASKS.stream().filter(ask -> !lacking.contains(ask))
        .collect(Collectors.toSet()));
    JsonObject plain = body(HI, TurnOptions.NONE);
    Map<String, Object> values = Map.ofEntries(Map.entry("temperature", 0.5), Map.entry("top_p", 0.5),
        Map.entry("top_k", 5), Map.entry("max_tokens", 9), Map.entry("max_completion_tokens", 9),
        Map.entry("stop", new JsonArray().add("x")), Map.entry("response_format", new JsonObject().put("type",
            "json_object")), Map.entry("reasoning_effort", "low"), Map.entry("user", "u"),
        Map.entry("parallel_tool_calls", false), Map.entry("safety_identifier", "s"));
    for (String ask : API.honours()) {
      JsonObject body = switch (ask) {
        case "tools" -> body(HI, new TurnOptions(List.of(WEATHER), null, GenerationParams.NONE));
        case "tool_choice" -> body(HI, new TurnOptions(List.of(WEATHER), new ToolChoice("none", null),
            GenerationParams.NONE));
        case "parallel_tool_calls" -> body(HI, new TurnOptions(List.of(WEATHER), null,
            GenerationParams.fromJson(new JsonObject().put(ask, false))));
        case TurnOptions.IMAGE_URL -> body(List.of(image("https://example.com/a.png")), TurnOptions.NONE);
        case TurnOptions.IMAGE_DATA -> body(List.of(image("data:image/png;base64,AAAA")), TurnOptions.NONE);
        default -> body(HI, new TurnOptions(List.of(), null,
            GenerationParams.fromJson(new JsonObject().put(ask, values.get(ask)))));
      };
      assertThat(body).as(ask).isNotEqualTo(plain);
    }
  }

  @Test
  void aJsonAnswerIsAToolTheModelMustCallUnlessItMayCallTheClientsOwn() {
    GenerationParams json = GenerationParams.fromJson(new JsonObject().put("response_format", new JsonObject()
        .put("type", "json_schema").put("json_schema", new JsonObject().put("name", "forecast")
            .put("schema", AnthropicRequestTest.SCHEMA))));
    JsonObject alone = body(HI, new TurnOptions(List.of(), null, json));
    assertThat(alone.getJsonArray("tools")).containsExactly(new JsonObject().put("name", "json_tool_call")
        .put("description", "Answer with a JSON object (forecast). This tool's input is the answer, given to the user"
            + " as it is.").put("input_schema", AnthropicRequestTest.SCHEMA));
    assertThat(alone.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "json_tool_call"));

    JsonObject agent = body(HI, new TurnOptions(List.of(WEATHER), new ToolChoice("auto", null), json));
    assertThat(agent.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .containsExactly("get_weather", "json_tool_call");
    assertThat(agent.getJsonObject("tool_choice")).isEqualTo(new JsonObject().put("type", "any"));

    JsonObject noTools = body(HI, new TurnOptions(List.of(WEATHER), new ToolChoice("none", null), json));
    assertThat(noTools.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "json_tool_call"));

    JsonObject forced = body(HI, new TurnOptions(List.of(WEATHER), new ToolChoice("function", "get_weather"), json));
    assertThat(forced.getJsonArray("tools")).hasSize(1);
    assertThat(forced.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "get_weather"));
  }

  @Test
  void theAnswerToolTakesANameNoClientToolHas() {
    GenerationParams json = GenerationParams.fromJson(new JsonObject().put("response_format",
        new JsonObject().put("type", "json_object")));
    List<Tool> tools = List.of(new Tool("json_tool_call", null, AnthropicRequestTest.SCHEMA, true),
        new Tool("json_tool_call_2", null, AnthropicRequestTest.SCHEMA, true));
    JsonObject body = body(HI, new TurnOptions(tools, new ToolChoice("none", null), json));
    assertThat(body.getJsonArray("tools").stream().map(t -> ((JsonObject) t).getString("name")))
        .containsExactly("json_tool_call", "json_tool_call_2", "json_tool_call_3");
    assertThat(body.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "json_tool_call_3"));
    assertThat(AnthropicTools.answerTool(new TurnOptions(tools, null, GenerationParams.NONE)))
        .as("no JSON answer asked: no answer tool").isNull();
  }

  @Test
  void thinkingFitsInTheClientsBound() {
    assertThat(thinking("high", null)).isEqualTo(List.of(4096 + 4096, 4096));
    assertThat(thinking("xhigh", null)).as("OpenAI's newest effort: twice high's").isEqualTo(List.of(4096 + 8192, 8192));
    assertThat(thinking("minimal", null)).isEqualTo(List.of(4096 + 1024, 1024));
    assertThat(thinking("high", 3000)).as("under the bound").isEqualTo(List.of(3000, 2999));
    assertThat(thinking("low", 800)).as("Anthropic refuses it in its words").isEqualTo(List.of(800, 1024));
    JsonObject none = body(HI, new TurnOptions(List.of(), null,
        GenerationParams.fromJson(new JsonObject().put("reasoning_effort", "none"))));
    assertThat(none.containsKey("thinking")).isFalse();
    assertThat(none.getInteger("max_tokens")).isEqualTo(4096);
  }

  @Test
  void consecutiveMessagesOfOneRoleAreOneAndEmptyOnesAreLeftOut() {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}");
    List<ChatMessage> dialogue = List.of(text(ChatMessage.USER, "Hello"), text(ChatMessage.USER, "Oslo?"),
        new ChatMessage(ChatMessage.ASSISTANT, List.of(ContentPart.text("Checking.")), List.of(call), null, null,
            false),
        new ChatMessage(ChatMessage.TOOL, List.of(), List.of(), "call_1", null, false),
        text(ChatMessage.ASSISTANT, " "), text(ChatMessage.ASSISTANT, "Cold."));
    JsonArray messages = body(dialogue, TurnOptions.NONE).getJsonArray("messages");
    assertThat(messages).isEqualTo(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", new JsonArray().add(textBlock("Hello"))
            .add(textBlock("Oslo?"))))
        .add(new JsonObject().put("role", "assistant").put("content", new JsonArray().add(textBlock("Checking."))
            .add(new JsonObject().put("type", "tool_use").put("id", "call_1").put("name", "get_weather")
                .put("input", new JsonObject().put("city", "Oslo")))))
        .add(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(new JsonObject().put("type", "tool_result").put("tool_use_id", "call_1"))))
        .add(new JsonObject().put("role", "assistant").put("content", "Cold.")));
  }

  private static List<Integer> thinking(String effort, Integer maxTokens) {
    JsonObject params = new JsonObject().put("reasoning_effort", effort).put("max_completion_tokens", maxTokens);
    JsonObject body = body(HI, new TurnOptions(List.of(), null, GenerationParams.fromJson(params)));
    return List.of(body.getInteger("max_tokens"), body.getJsonObject("thinking").getInteger("budget_tokens"));
  }

  @Test
  void aCountIsOfTheTurnsInputAndThinkingWithoutItsBoundsOrSampling() {
    TurnOptions options = new TurnOptions(List.of(WEATHER), new ToolChoice("auto", null),
        GenerationParams.fromJson(new JsonObject().put("reasoning_effort", "medium").put("max_tokens", 9000)
            .put("top_p", 0.5).put("stop", new JsonArray().add("x")).put("user", "u")));
    JsonObject turn = body(HI, options);
    ProviderApi.TokenCount counter = API.tokenCount(new LlmRequest(null, "claude", HI, options, null), "claude");
    JsonObject count = counter.body().toJsonObject();

    JsonObject input = turn.copy();
    List.of("max_tokens", "top_p", "stop_sequences", "metadata", "stream").forEach(input::remove);
    assertThat(count).isEqualTo(input);
    assertThat(counter.request().getURI()).isEqualTo("/v1/messages/count_tokens");
    assertThat(counter.field()).isEqualTo("input_tokens");
  }

  private static JsonObject body(List<ChatMessage> messages, TurnOptions options) {
    return API.body(new LlmRequest("t", "claude", messages, options, "inbox"), "claude").toJsonObject();
  }

  private static ChatMessage text(String role, String text) {
    return new ChatMessage(role, text, null, false);
  }

  private static ChatMessage image(String url) {
    return new ChatMessage(ChatMessage.USER, List.of(ContentPart.text("What is it?"), ContentPart.image(url, null)),
        List.of(), null, null, false);
  }

  private static JsonObject textBlock(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }
}
