package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Reply to {@link Addresses#LLM_CHAT_START}: {@code provider} and {@code model} that take the turn
 * first, and {@code control}: the {@link Addresses#llmControl} address of the instance that runs it.
 */
public record TurnAccepted(String provider, String model, String control) {

  public JsonObject toJson() {
    return new JsonObject().put("provider", provider).put("model", model).put("control", control);
  }

  public static TurnAccepted fromJson(JsonObject json) {
    return new TurnAccepted(json.getString("provider"), json.getString("model"), json.getString("control"));
  }

  /** A message body: this record (as its codec delivers it) or its JSON (from a sender that built that). */
  public static TurnAccepted of(Object body) {
    return body instanceof TurnAccepted record ? record : fromJson((JsonObject) body);
  }
}
