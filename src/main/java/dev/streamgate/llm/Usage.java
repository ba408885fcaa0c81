package dev.streamgate.llm;

import io.vertx.core.json.JsonObject;

/**
 * Token counts reported by a provider for one turn: the prompt's (of which {@code cachedTokens} were
 * read from the provider's cache) and the answer's (of which {@code reasoningTokens} were spent
 * reasoning). JSON, as OpenAI's: the details objects only when they count something.
 */
public record Usage(long promptTokens, long completionTokens, long cachedTokens, long reasoningTokens) {

  public Usage(long promptTokens, long completionTokens) {
    this(promptTokens, completionTokens, 0, 0);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    if (cachedTokens > 0) {
      json.put("prompt_tokens_details", new JsonObject().put("cached_tokens", cachedTokens));
    }
    if (reasoningTokens > 0) {
      json.put("completion_tokens_details", new JsonObject().put("reasoning_tokens", reasoningTokens));
    }
    return json;
  }
}
