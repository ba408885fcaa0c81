package dev.streamgate.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * A session list as {@link Addresses#SESSION_LIST} answers it: {@code {"sessions":[summary…],"total":n}},
 * already encoded. A node may hold hundreds of thousands of sessions (about 46 MB of JSON for 250,000),
 * so the list is encoded once, by the session service on a worker thread, and handed over locally as
 * these bytes, never copied or encoded again on an event loop. Nobody changes {@code json} once made.
 */
public record SessionListing(Buffer json) {

  public JsonObject toJson() {
    return json.toJsonObject();
  }

  public static SessionListing fromJson(JsonObject json) {
    return new SessionListing(json.toBuffer());
  }
}
