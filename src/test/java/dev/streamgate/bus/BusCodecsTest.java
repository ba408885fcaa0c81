package dev.streamgate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-turn records on the event bus, and the refusal of a turn's tool results: the same instance locally,
 * their documented JSON between nodes (what the wire carries decodes to an equal record, and the JSON is
 * the one the README's table names).
 */
class BusCodecsTest {

  private static final ChatMessage USER = new ChatMessage(ChatMessage.USER, "caf\u00e9 \"quoted\"\n", "2026-01-01T00:00:00Z",
      false);
  private static final ChatMessage PARTIAL = new ChatMessage(ChatMessage.ASSISTANT, "half", "2026-01-01T00:00:01Z", true);
  private static final List<Object> RECORDS = List.of(
      new TurnBegin("s1", "hello", null, true, "owner-fp"),
      new TurnBegin(null, "hello", "gpt-x", false, null),
      // A stored response continued: a fork with meta and the whole context.
      new TurnBegin("resp_2", List.of(USER), null, false, "owner-fp", "resp_1",
          new JsonObject().put("kind", "response").put("status", "in_progress"), true),
      new TurnContext("s1", "gpt-x", true, List.of(PARTIAL, USER), 2),
      new LlmRequest("t1", "", List.of(new ChatMessage(ChatMessage.USER, "hi \u00e9", null, false)), "gateway.inbox.abc"),
      // A turn in full: an image, a tool call and its result, tools, a tool choice and parameters.
      new LlmRequest("t2", "gpt-x", List.of(
          new ChatMessage(ChatMessage.USER, List.of(ContentPart.text("what is this?"),
              ContentPart.image("data:image/png;base64,iVBORw0KGgo=", "low")), List.of(), null, null, false),
          new ChatMessage(ChatMessage.ASSISTANT, List.of(), List.of(new ToolCall("call_1", "lookup", "{\"q\":\"x\"}")),
              null, null, false, List.of(ChatMessage.Thinking.redacted("EmwKAhgB"),
                  ChatMessage.Thinking.signed("I will look it up.", "EqQBCgIYAhIM"),
                  ChatMessage.Thinking.unsigned("Another provider's reasoning."))),
          new ChatMessage(ChatMessage.TOOL, List.of(ContentPart.text("42")), List.of(), "call_1", null, false)),
          new TurnOptions(List.of(new Tool("lookup", "Looks up", new JsonObject().put("type", "object"), true)),
              new ToolChoice(ToolChoice.FUNCTION, "lookup"),
              new GenerationParams(0.5, 0.9, 40, 100, 200, List.of("END"), 7L, 0.1, -0.1,
                  new ResponseFormat(ResponseFormat.JSON_SCHEMA, "answer", "The answer", new JsonObject().put("type", "object"), true),
                  "low", "u-1", 2, false, "low", "cache-7", "safe-9")),
          "gateway.inbox.abc"),
      new TurnAccepted("openai", "gpt-x", "llm.chat.control.xyz"),
      new TurnEnd("s1", "t1", "partial reply", true),
      new TurnEnd("s1", "t2", "", List.of(new ToolCall("call_1", "lookup", "{}")), false),
      new TurnEnd("s1", "t4", "", List.of(new ToolCall("call_2", "lookup", "{}")),
          List.of(ChatMessage.Thinking.signed("Look it up.", "EqQB"), ChatMessage.Thinking.redacted("EmwK"),
              ChatMessage.Thinking.unsigned("Then answer.")), false, null),
      new TurnEnd("resp_2", "t3", "done", List.of(), false, new JsonObject().put("kind", "response")
          .put("output", new JsonArray().add(new JsonObject().put("type", "message")))),
      ChatChunk.deltas("t1", 3, List.of(Delta.text("a"), Delta.reasoning(0, "b"), Delta.reasoningSignature(0, "EqQB"),
          Delta.redactedReasoning(0, "EmwK"), Delta.toolCall(1, 0, "call_1", "f"),
          Delta.toolArguments(1, 0, "{}"), Delta.finish(1, "tool_calls"))));

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void wireFormDecodesToAnEqualRecord() {
    for (Object record : RECORDS) {
      Buffer wire = Buffer.buffer("prefix");
      codec(record).encodeToWire(wire, record);
      assertThat(codec(record).decodeFromWire("prefix".length(), wire)).as(record.toString()).isEqualTo(record);
    }
  }

  @Test
  void wireFormIsTheRecordsDocumentedJson() {
    TurnEnd end = new TurnEnd("s1", "t1", "reply", false);
    Buffer wire = Buffer.buffer();
    codec(end).encodeToWire(wire, end);
    assertThat(wire.getBuffer(4, wire.length()).toJsonObject()).isEqualTo(new JsonObject()
        .put("session_id", "s1").put("turn_id", "t1").put("reply", "reply").put("tool_calls", new JsonArray())
        .put("interrupted", false));
  }

  @Test
  void theResponsesFieldsAreLeftOutOfTheJsonWhenUnsetAndNamedInSnakeCaseWhenSet() {
    assertThat(toJson(RECORDS.get(0)).fieldNames()).doesNotContain("fork_of", "meta", "whole_context");
    JsonObject fork = toJson(RECORDS.get(2));
    assertThat(fork.getString("fork_of")).isEqualTo("resp_1");
    assertThat(fork.getJsonObject("meta"))
        .isEqualTo(new JsonObject().put("kind", "response").put("status", "in_progress"));
    assertThat(fork.getBoolean("whole_context")).isTrue();
    assertThat(toJson(RECORDS.get(RECORDS.size() - 2)).getJsonObject("meta").getString("kind")).isEqualTo("response");
  }

  @Test
  void localRequestAndReplyHandOverTheSameInstances() {
    BusCodecs.register(vertx.eventBus());
    BusCodecs.register(vertx.eventBus()); // a second node in the same Vert.x: no failure
    TurnBegin begin = (TurnBegin) RECORDS.get(0);
    TurnContext context = (TurnContext) RECORDS.get(3);
    Object[] received = new Object[1];
    vertx.eventBus().consumer("test.turn.begin", msg -> {
      received[0] = msg.body();
      msg.reply(context);
    }).completion().await();

    Object reply = vertx.eventBus().request("test.turn.begin", begin).await().body();

    assertThat(received[0]).isSameAs(begin);
    assertThat(reply).isSameAs(context);
  }

  @Test
  void aRefusalOfToolResultsFailsTheRequestWithItsFactsLocallyAndOverTheWire() {
    BusCodecs.register(vertx.eventBus());
    ToolRefused refused = new ToolRefused(ToolRefusal.notAwaited(1, "call_3",
        List.of(new ToolCall("call_2", "get_time", "{}"))));
    vertx.eventBus().consumer("test.turn.begin", msg -> msg.reply(refused)).completion().await();

    Future<Message<Object>> asked = vertx.eventBus().request("test.turn.begin", "begin");
    assertThatThrownBy(asked::await).as("the very instance, within a node").isSameAs(refused);

    Buffer wire = Buffer.buffer();
    codec(refused).encodeToWire(wire, refused);
    Object decoded = codec(refused).decodeFromWire(0, wire);
    assertThat(decoded).isInstanceOf(ToolRefused.class);
    assertThat(((ToolRefused) decoded).refusal()).isEqualTo(refused.refusal());
    assertThat(((ToolRefused) decoded).failureCode()).isEqualTo(400);
    assertThat(toJson(refused)).isEqualTo(new JsonObject().put("kind", "not_awaited").put("result", 1)
        .put("call_id", "call_3").put("calls", new JsonArray().add(new ToolCall("call_2", "get_time", "{}").toJson())));
    assertThat(toJson(new ToolRefused(ToolRefusal.owed(List.of(), true))).fieldNames())
        .containsExactlyInAnyOrder("kind", "calls");
  }

  @Test
  void aSessionListingTravelsAsItsJsonAndIsHandedOverAsItsBytes() {
    JsonObject list = new JsonObject().put("sessions", new JsonArray().add(new JsonObject().put("session_id", "s1")
        .put("model", "mock-echo").put("message_count", 2))).put("total", 1);
    SessionListing listing = new SessionListing(list.toBuffer());

    assertThat(toJson(listing)).isEqualTo(list);
    Buffer wire = Buffer.buffer();
    codec(listing).encodeToWire(wire, listing);
    assertThat(codec(listing).decodeFromWire(0, wire)).isEqualTo(listing);
    assertThat(codec(listing).transform(listing)).isSameAs(listing);
  }

  @Test
  void consumersAlsoTakeTheJsonForm() throws Exception {
    for (Object record : RECORDS.stream().filter(record -> !(record instanceof ChatChunk)).toList()) {
      JsonObject json = toJson(record);
      Object parsed = record instanceof TurnBegin ? TurnBegin.of(json)
          : record instanceof TurnContext ? TurnContext.of(json)
          : record instanceof LlmRequest ? LlmRequest.of(json)
          : record instanceof TurnAccepted ? TurnAccepted.of(json)
          : TurnEnd.of(json);
      assertThat(parsed).as(record.toString()).isEqualTo(record);
      assertThat(parsed.getClass().getMethod("of", Object.class).invoke(null, record)).isSameAs(record);
    }
  }

  private static JsonObject toJson(Object record) {
    Buffer wire = Buffer.buffer();
    codec(record).encodeToWire(wire, record);
    return wire.getBuffer(4, wire.length()).toJsonObject();
  }

  @SuppressWarnings("unchecked")
  private static MessageCodec<Object, Object> codec(Object record) {
    return (MessageCodec<Object, Object>) BusCodecs.codecs().get(record.getClass());
  }
}
