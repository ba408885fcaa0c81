package dev.streamgate.session;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What a session list shows of one session: enough for a store to answer without loading messages. */
public record SessionSummary(String id, String model, Instant createdAt, Instant updatedAt, int messageCount) {

  public JsonObject toJson() {
    return new JsonObject().put("session_id", id).put("model", model).put("created_at", createdAt.toString())
        .put("updated_at", updatedAt.toString()).put("message_count", messageCount);
  }
}
