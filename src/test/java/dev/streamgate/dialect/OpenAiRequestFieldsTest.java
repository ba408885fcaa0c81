package dev.streamgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.support.GatewayUnderTest;
import dev.streamgate.support.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field of a {@code /v1/chat/completions} request is read: a wrong one is answered 400, in
 * OpenAI's error shape, with {@code param} naming it and a message that says what it must be, before
 * any stream; nothing is dropped unseen.
 */
@ExtendWith(VertxExtension.class)
class OpenAiRequestFieldsTest {

  private static final JsonObject USER = new JsonObject().put("role", "user").put("content", "hi");
  private static final JsonObject WEATHER = new JsonObject().put("type", "function").put("function",
      new JsonObject().put("name", "get_weather").put("parameters", new JsonObject().put("type", "object")));

  private GatewayUnderTest gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayUnderTest.start(vertx);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("a tool without a name", body(USER).put("tools", new JsonArray().add(new JsonObject()
            .put("type", "function").put("function", new JsonObject().put("parameters", new JsonObject())))),
            "tools[0].function.name", "is required"),
        Arguments.of("a tool whose schema is not an object", body(USER).put("tools", new JsonArray().add(new JsonObject()
            .put("type", "function").put("function", new JsonObject().put("name", "f")
                .put("parameters", new JsonObject().put("type", "string"))))),
            "tools[0].function.parameters", "must be the JSON schema of an object"),
        Arguments.of("a tool that is not a function", body(USER).put("tools", new JsonArray().add(new JsonObject()
            .put("type", "custom").put("custom", new JsonObject().put("name", "f")))),
            "tools[0].type", "is 'custom'; the tools a model can be given here are functions"),
        Arguments.of("two tools of one name", body(USER).put("tools", new JsonArray().add(WEATHER).add(WEATHER)),
            "tools[1].function.name", "the name of an earlier tool"),
        Arguments.of("a tool message without tool_call_id", body(USER, assistantCalling("call_1"),
            new JsonObject().put("role", "tool").put("content", "sunny")), "messages[2].tool_call_id", "is required"),
        Arguments.of("tool call arguments that are not a JSON object", body(USER, new JsonObject()
            .put("role", "assistant").put("tool_calls", new JsonArray().add(new JsonObject().put("id", "call_1")
                .put("type", "function").put("function", new JsonObject().put("name", "f").put("arguments", "{oops"))))),
            "messages[1].tool_calls[0].function.arguments", "must be a JSON object"),
        Arguments.of("a tool result for a call nobody made", body(USER, new JsonObject().put("role", "tool")
            .put("tool_call_id", "call_9").put("content", "sunny")), "messages[1].tool_call_id", "no earlier"),
        Arguments.of("an unknown content part type", body(new JsonObject().put("role", "user").put("content",
            new JsonArray().add(new JsonObject().put("type", "video_url").put("video_url", "x")))),
            "messages[0].content[0].type", "is 'video_url'"),
        Arguments.of("image data that is not base64", body(new JsonObject().put("role", "user").put("content",
            new JsonArray().add(new JsonObject().put("type", "image_url").put("image_url",
                new JsonObject().put("url", "data:image/png;base64,not*base64!"))))),
            "messages[0].content[0].image_url.url", "is not valid base64 image data"),
        Arguments.of("an image that is not an image", body(new JsonObject().put("role", "user").put("content",
            new JsonArray().add(new JsonObject().put("type", "image_url").put("image_url",
                new JsonObject().put("url", "data:text/html;base64,PGI+"))))),
            "messages[0].content[0].image_url.url", "media type 'text/html'"),
        Arguments.of("an image address that is no web address", body(new JsonObject().put("role", "user").put("content",
            new JsonArray().add(new JsonObject().put("type", "image_url").put("image_url",
                new JsonObject().put("url", "file:///etc/passwd"))))),
            "messages[0].content[0].image_url.url", "must be an http(s) URL"),
        Arguments.of("temperature 5", body(USER).put("temperature", 5), "temperature", "from 0 to 2, not 5"),
        Arguments.of("max_tokens -1", body(USER).put("max_tokens", -1), "max_tokens", "must be a whole number"),
        Arguments.of("n 0", body(USER).put("n", 0), "n", "from 1 to 128"),
        Arguments.of("five stop sequences", body(USER).put("stop", new JsonArray().add("a").add("b").add("c").add("d")
            .add("e")), "stop", "1 to 4"),
        Arguments.of("an unknown reasoning effort", body(USER).put("reasoning_effort", "extreme"), "reasoning_effort",
            "must be one of"),
        Arguments.of("a field OpenAI does not have", body(USER).put("temprature", 0.5), "temprature",
            "Unrecognized request argument supplied: 'temprature'"),
        Arguments.of("log probabilities", body(USER).put("logprobs", true), "logprobs", "no log probabilities"),
        Arguments.of("a tool choice naming a tool the request lacks", body(USER).put("tools", new JsonArray().add(WEATHER))
            .put("tool_choice", new JsonObject().put("type", "function").put("function",
                new JsonObject().put("name", "get_time"))), "tool_choice.function.name", "not one of the request's tools"),
        Arguments.of("a tool call required without tools", body(USER).put("tool_choice", "required"), "tool_choice",
            "the request has no tools"),
        Arguments.of("a JSON schema without a name", body(USER).put("response_format", new JsonObject()
            .put("type", "json_schema").put("json_schema", new JsonObject().put("schema", new JsonObject()))),
            "response_format.json_schema.name", "is required"),
        Arguments.of("a participant name", body(new JsonObject().put("role", "user").put("content", "hi")
            .put("name", "bob")), "messages[0].name", "Unrecognized request argument supplied"),
        Arguments.of("an image in a system message", body(new JsonObject().put("role", "system").put("content",
            new JsonArray().add(new JsonObject().put("type", "image_url").put("image_url",
                new JsonObject().put("url", "https://example.com/a.png")))), USER),
            "messages[0].content[0].type", "a content part of a system message must be 'text'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void eachWrongFieldIsRefusedByName(String name, JsonObject body, String param, String says) {
    for (boolean stream : new boolean[] {false, true}) {
      Http.Reply reply = Http.postJson(gateway.url("/v1/chat/completions"), body.copy().put("stream", stream).encode());
      assertThat(reply.status()).as(name).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/json");
      JsonObject error = reply.json().getJsonObject("error");
      assertThat(error.getString("type")).isEqualTo("invalid_request_error");
      assertThat(error.getString("param")).isEqualTo(param);
      assertThat(error.getString("message")).contains(says);
    }
  }

  private static JsonObject body(JsonObject... messages) {
    JsonArray list = new JsonArray();
    for (JsonObject message : messages) {
      list.add(message);
    }
    return new JsonObject().put("model", "mock-echo").put("messages", list);
  }

  private static JsonObject assistantCalling(String id) {
    return new JsonObject().put("role", "assistant").put("content", null).put("tool_calls", new JsonArray()
        .add(new JsonObject().put("id", id).put("type", "function").put("function",
            new JsonObject().put("name", "get_weather").put("arguments", "{}"))));
  }
}
