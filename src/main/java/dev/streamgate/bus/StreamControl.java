package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#LLM_CHAT_CONTROL}: {@code turn_id} and {@code action}. {@code cancel} aborts
 * the upstream call (the provider sees its connection closed) and sends no further chunk;
 * {@code pause}/{@code resume} stop and restart reading from the provider, so a client that reads
 * slowly pushes back on the provider through TCP instead of filling the gateway's memory.
 */
public record StreamControl(String turnId, Action action) {

  /** What to do with the running turn. */
  public enum Action { CANCEL, PAUSE, RESUME }

  public JsonObject toJson() {
    return new JsonObject().put("turn_id", turnId).put("action", action.name().toLowerCase());
  }

  public static StreamControl fromJson(JsonObject json) {
    return new StreamControl(json.getString("turn_id"), Action.valueOf(json.getString("action").toUpperCase()));
  }
}
