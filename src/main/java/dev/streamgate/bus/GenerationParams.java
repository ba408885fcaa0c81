package dev.streamgate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the client asked of the generation, each null when it did not: the sampling parameters, the
 * answer's bounds ({@code max_tokens}, and {@code max_completion_tokens}, which OpenAI's reasoning
 * models take instead, reasoning included) and shape, the reasoning effort, the end user's id, how many
 * answers ({@code n}), whether several tool calls may come at once, and OpenAI's newer hints: the
 * answer's {@code verbosity}, a {@code prompt_cache_key} and a {@code safety_identifier} (the end user's
 * id under its new name). JSON names are OpenAI's;
 * {@link #names} lists those set, so a provider that cannot honour one refuses it by name.
 */
public record GenerationParams(Double temperature, Double topP, Integer topK, Integer maxTokens,
                               Integer maxCompletionTokens, List<String> stop,
                               Long seed, Double presencePenalty, Double frequencyPenalty,
                               ResponseFormat responseFormat, String reasoningEffort, String user, Integer n,
                               Boolean parallelToolCalls, String verbosity, String promptCacheKey,
                               String safetyIdentifier) {

  public static final GenerationParams NONE = new GenerationParams(null, null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null, null);

  /** Every parameter's OpenAI name, in this record's order. */
  public static final List<String> NAMES = List.of("temperature", "top_p", "top_k", "max_tokens",
      "max_completion_tokens", "stop", "seed", "presence_penalty", "frequency_penalty", "response_format",
      "reasoning_effort", "user", "n", "parallel_tool_calls", "verbosity", "prompt_cache_key", "safety_identifier");

  /** The end user's id: {@code safety_identifier}, OpenAI's name for it now, else {@code user}; null when neither. */
  public String endUser() {
    return safetyIdentifier != null ? safetyIdentifier : user;
  }

  /** The OpenAI names of the parameters set, in this record's order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    toJson().forEach(entry -> names.add(entry.getKey()));
    return names;
  }

  /** How many answers were asked for: 1 unless {@code n} says more. */
  public int choices() {
    return n == null ? 1 : n;
  }

  /** This record without the parameters named in {@code dropped}. */
  public GenerationParams without(List<String> dropped) {
    JsonObject json = toJson();
    dropped.forEach(json::remove);
    return fromJson(json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    put(json, "temperature", temperature);
    put(json, "top_p", topP);
    put(json, "top_k", topK);
    put(json, "max_tokens", maxTokens);
    put(json, "max_completion_tokens", maxCompletionTokens);
    put(json, "stop", stop == null ? null : new JsonArray(new ArrayList<>(stop)));
    put(json, "seed", seed);
    put(json, "presence_penalty", presencePenalty);
    put(json, "frequency_penalty", frequencyPenalty);
    put(json, "response_format", responseFormat == null ? null : responseFormat.toJson());
    put(json, "reasoning_effort", reasoningEffort);
    put(json, "user", user);
    put(json, "n", n);
    put(json, "parallel_tool_calls", parallelToolCalls);
    put(json, "verbosity", verbosity);
    put(json, "prompt_cache_key", promptCacheKey);
    put(json, "safety_identifier", safetyIdentifier);
    return json;
  }

  public static GenerationParams fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    JsonArray stop = json.getJsonArray("stop");
    JsonObject format = json.getJsonObject("response_format");
    return new GenerationParams(json.getDouble("temperature"), json.getDouble("top_p"), json.getInteger("top_k"),
        json.getInteger("max_tokens"), json.getInteger("max_completion_tokens"), stop == null ? null : stop.stream().map(String.class::cast).toList(),
        json.getLong("seed"), json.getDouble("presence_penalty"), json.getDouble("frequency_penalty"),
        format == null ? null : ResponseFormat.fromJson(format), json.getString("reasoning_effort"),
        json.getString("user"), json.getInteger("n"), json.getBoolean("parallel_tool_calls"),
        json.getString("verbosity"), json.getString("prompt_cache_key"), json.getString("safety_identifier"));
  }

  private static void put(JsonObject json, String name, Object value) {
    if (value != null) {
      json.put(name, value);
    }
  }
}
