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

  private static JsonObject chunk(JsonObject delta, String finishReason) {
    return new JsonObject().put("id", "chatcmpl-demo").put("object", "chat.completion.chunk").put("created", 1)
        .put("model", MODEL).put("choices", new JsonArray()
            .add(new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason)));
  }
}
