package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One message of a conversation.
 *
 * <p>JSON: {@code role} ("user" | "assistant" | "system"), {@code content}, {@code timestamp}
 * (ISO-8601), and {@code interrupted: true} only on an assistant reply cut short (client gone,
 * upstream error), which keeps the partial text.
 */
public record ChatMessage(String role, String content, String timestamp, boolean interrupted) {

  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("role", role).put("content", content).put("timestamp", timestamp);
    return interrupted ? json.put("interrupted", true) : json;
  }

  public static ChatMessage fromJson(JsonObject json) {
    return new ChatMessage(json.getString("role"), json.getString("content", ""), json.getString("timestamp"),
        json.getBoolean("interrupted", false));
  }
}
