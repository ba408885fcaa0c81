package dev.streamgate.llm;

import io.vertx.core.json.JsonObject;

/** Token counts reported by a provider for one turn. */
public record Usage(long promptTokens, long completionTokens) {

  public JsonObject toJson() {
    return new JsonObject().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }
}
