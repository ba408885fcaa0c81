package dev.streamgate.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Provider answers for {@code FakeOpenAi.replay}: OpenAI-compatible event streams the browser tests script. */
final class OpenAiAnswer {

  static final String MODEL = "gpt-4o-mini";

  private OpenAiAnswer() {
  }

  /** An OpenAI-compatible event stream that answers with {@code deltas}, then stop and [DONE]. */
  static byte[] stream(List<String> deltas) {
    StringBuilder body = new StringBuilder();
    deltas.forEach(text -> body.append("data: ").append(chunk(new JsonObject().put("content", text), null).encode()).append("\n\n"));
    body.append("data: ").append(chunk(new JsonObject(), "stop").encode()).append("\n\ndata: [DONE]\n\n");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An OpenAI-compatible event stream in which the model calls {@code name}: the call's id and name first,
   * then its arguments in {@code fragments}, then finish reason tool_calls and [DONE].
   */
  static byte[] toolCall(String id, String name, List<String> fragments) {
    StringBuilder body = new StringBuilder();
    JsonObject start = new JsonObject().put("index", 0).put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", ""));
    body.append("data: ").append(chunk(new JsonObject().put("role", "assistant").put("content", (Object) null)
        .put("tool_calls", new JsonArray().add(start)), null).encode()).append("\n\n");
    fragments.forEach(fragment -> body.append("data: ").append(chunk(new JsonObject().put("tool_calls", new JsonArray()
        .add(new JsonObject().put("index", 0).put("function", new JsonObject().put("arguments", fragment)))), null)
        .encode()).append("\n\n"));
    body.append("data: ").append(chunk(new JsonObject(), "tool_calls").encode()).append("\n\ndata: [DONE]\n\n");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject chunk(JsonObject delta, String finishReason) {
    return new JsonObject().put("id", "chatcmpl-demo").put("object", "chat.completion.chunk").put("created", 1)
        .put("model", MODEL).put("choices", new JsonArray()
            .add(new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason)));
  }
}
