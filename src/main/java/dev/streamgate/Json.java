package dev.streamgate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A JSON field read where it may be missing or null. Vert.x's {@code getJsonObject(key, default)} gives
 * the default only when the key is absent, and null for an explicit {@code null}: what a provider or a
 * client sends may be either, and the one must read as the other.
 */
public final class Json {

  private Json() {
  }

  /** The object under {@code key}; empty when absent or null. */
  public static JsonObject object(JsonObject json, String key) {
    JsonObject value = json.getJsonObject(key);
    return value == null ? new JsonObject() : value;
  }

  /** The array under {@code key}; empty when absent or null. */
  public static JsonArray array(JsonObject json, String key) {
    JsonArray value = json.getJsonArray(key);
    return value == null ? new JsonArray() : value;
  }
}
