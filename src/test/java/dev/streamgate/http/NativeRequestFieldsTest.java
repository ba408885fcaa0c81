package dev.streamgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import dev.streamgate.support.Turn;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a {@code POST /chat/stream} body is read: a wrong one is a 400 in this API's error shape
 * whose message names it, before any stream, and nothing is stored, not even a session. Tool results are
 * checked against the session they go to, which must await exactly those results.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NativeRequestFieldsTest {

  /** Stands for the id of a session whose last assistant message called get_weather, made before each test. */
  private static final String SESSION = "{session}";
  private static final String CALL = "call_mock_get_weather";

  private GatewayUnderTest gateway;
  private String sessionId;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    gateway = GatewayUnderTest.start(vertx, Map.of("MAX_MESSAGE_CHARS", "100"));
    sessionId = Turn.run(gateway, new JsonObject().put("message", "Paris").put("tools", NativeToolTurnsTest.WEATHER))
        .complete().getString("session_id");
  }

  @AfterEach
  void nothingIsStored() {
    assertThat(Http.get(gateway.url("/sessions")).json().getInteger("total")).isEqualTo(1);
    assertThat(Http.get(gateway.url("/sessions/" + sessionId)).json().getInteger("message_count")).isEqualTo(2);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("a field this API does not have", message().put("temprature", 0.5),
            "Unrecognized request argument supplied: 'temprature'"),
        bad("OpenAI's messages", new JsonObject().put("messages", new JsonArray()), "'messages'"),
        bad("several answers", message().put("n", 2), "'n' must be 1 if given"),
        bad("temperature 5", message().put("temperature", 5), "'temperature' must be a number from 0 to 2, not 5"),
        bad("max_tokens 0", message().put("max_tokens", 0), "'max_tokens' must be a whole number"),
        bad("an unknown reasoning effort", message().put("reasoning_effort", "extreme"), "'reasoning_effort'"),
        bad("five stop sequences", message().put("stop", new JsonArray().add("a").add("b").add("c").add("d").add("e")),
            "'stop'"),
        bad("a JSON schema without a name", message().put("response_format", new JsonObject().put("type", "json_schema")
            .put("json_schema", new JsonObject().put("schema", new JsonObject()))),
            "'response_format.json_schema.name'"),
        bad("a tool without a name", message().put("tools", new JsonArray().add(new JsonObject().put("type", "function")
            .put("function", new JsonObject()))), "'tools[0].function.name' is required"),
        bad("a tool choice naming no tool", message().put("tools", NativeToolTurnsTest.WEATHER).put("tool_choice",
            new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_time"))),
            "'tool_choice.function.name'"),
        bad("a tool call required without tools", message().put("tool_choice", "required"), "'tool_choice'"),
        bad("images that are not a list", message().put("images", "https://example.com/a.png"),
            "'images' must be an array"),
        bad("an image that is not a string", message().put("images", new JsonArray().add(7)),
            "'images[0]' must be a string"),
        bad("an image address that is no web address",
            message().put("images", new JsonArray().add("file:///etc/passwd")), "'images[0]' must be an http(s) URL"),
        bad("image data that is not base64", message().put("images", new JsonArray().add("data:image/png;base64,no*!")),
            "'images[0]' is not valid base64 image data"),
        bad("images without a message", session().put("images", new JsonArray().add(NativeToolTurnsTest.PNG))
            .put("tool_results", results(CALL)), "'images' go with a 'message'"),
        bad("neither message nor tool results", new JsonObject().put("session_id", SESSION), "'message' is required"),
        bad("an empty message with tool results", session().put("message", "").put("tool_results", results(CALL)),
            "'message' is required"),
        bad("tool results that are not a list", session().put("tool_results", "sunny"),
            "'tool_results' must be an array"),
        bad("a tool result that is not an object", session().put("tool_results", new JsonArray().add("sunny")),
            "'tool_results[0]' must be an object"),
        bad("a tool result without its call's id", session().put("tool_results", new JsonArray()
            .add(new JsonObject().put("content", "sunny"))), "'tool_results[0].tool_call_id' is required"),
        bad("a tool result without content", session().put("tool_results", new JsonArray()
            .add(new JsonObject().put("tool_call_id", CALL))), "'tool_results[0].content' is required"),
        bad("a tool result with a field too many", session().put("tool_results", new JsonArray()
            .add(new JsonObject().put("tool_call_id", CALL).put("content", "sunny").put("is_error", true))),
            "'tool_results[0].is_error'"),
        bad("one call answered twice", session().put("tool_results", results(CALL).add(results(CALL).getValue(0))),
            "'tool_results[1].tool_call_id' is 'call_mock_get_weather', the call an earlier result answers"),
        bad("tool results without a session", new JsonObject().put("tool_results", results(CALL)),
            "give its 'session_id'"),
        bad("a result for a call the session did not make", session().put("tool_results", results("call_9")),
            "'tool_results[0].tool_call_id' is 'call_9', which is not a call of the session's last assistant message"
                + " awaiting its result (those are: call_mock_get_weather)"),
        bad("a result for a call the session did not make, with a message", session().put("message", "and?")
            .put("tool_results", results(CALL).add(new JsonObject().put("tool_call_id", "call_9").put("content", ""))),
            "'tool_results[1].tool_call_id' is 'call_9'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void eachWrongFieldIsRefusedByName(String name, JsonObject body, String says) {
    Http.Reply reply = Http.postJson(gateway.url("/chat/stream"), body.encode().replace(SESSION, sessionId));
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/json");
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("invalid_request");
    assertThat(error.getString("message")).contains(says);
  }

  @Test
  void aToolResultOverTheMessageLimitIs413() {
    Http.Reply reply = Http.postJson(gateway.url("/chat/stream"), session().put("tool_results", new JsonArray()
        .add(new JsonObject().put("tool_call_id", CALL).put("content", "x".repeat(101)))).encode()
        .replace(SESSION, sessionId));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.json().getJsonObject("error").getString("message"))
        .startsWith("'tool_results[0].content' has 101");
  }

  private static Arguments bad(String name, JsonObject body, String says) {
    return Arguments.of(name, body, says);
  }

  private static JsonObject message() {
    return new JsonObject().put("message", "hi");
  }

  private static JsonObject session() {
    return new JsonObject().put("session_id", SESSION);
  }

  private static JsonArray results(String id) {
    return new JsonArray().add(new JsonObject().put("tool_call_id", id).put("content", "sunny"));
  }
}
