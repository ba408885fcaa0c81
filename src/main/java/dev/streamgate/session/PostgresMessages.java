package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A message as a row of {@code streamgate_messages}: its text in {@code content} (what every version
 * reads), and what text alone cannot say (images, tool calls, the call a tool result answers) in
 * {@code detail}, the message's JSON without its role, time and interruption (which have columns);
 * null for a message of text alone, as every row written before the column existed.
 */
final class PostgresMessages {

  /**
   * Any number of messages in one statement, one array per column (a fork copies a whole conversation:
   * one round trip, not one per message); {@code detail} goes as text, cast to jsonb row by row.
   */
  private static final String INSERT = "INSERT INTO streamgate_messages (session_id, seq, role, content, sent_at, "
      + "interrupted, detail) SELECT $1, $2 + m.n - 1, m.role, m.content, m.sent_at, m.interrupted, m.detail::jsonb "
      + "FROM unnest($3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[]) "
      + "WITH ORDINALITY AS m (role, content, sent_at, interrupted, detail, n)";

  private PostgresMessages() {
  }

  /** Inserts {@code messages} (cleaned by {@link #text}) into session {@code id}, numbered from {@code firstSeq}. */
  static Future<Void> insert(SqlConnection conn, String id, long firstSeq, List<ChatMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    int size = messages.size();
    String[] roles = new String[size];
    String[] contents = new String[size];
    String[] sentAt = new String[size];
    Boolean[] interrupted = new Boolean[size];
    String[] details = new String[size];
    for (int i = 0; i < size; i++) {
      ChatMessage message = messages.get(i);
      JsonObject detail = detail(message);
      roles[i] = message.role();
      contents[i] = message.content();
      sentAt[i] = message.timestamp();
      interrupted[i] = message.interrupted();
      details[i] = detail == null ? null : detail.encode();
    }
    return conn.preparedQuery(INSERT).execute(Tuple.of(id, firstSeq, roles, contents, sentAt, interrupted, details))
        .mapEmpty();
  }

  /** {@code message} with {@code clean} applied to every string it holds (PostgreSQL text and jsonb refuse NUL). */
  static ChatMessage text(ChatMessage message, UnaryOperator<String> clean) {
    return new ChatMessage(clean.apply(message.role()),
        message.parts().stream().map(part -> new ContentPart(part.type(), clean.apply(part.text()),
            clean.apply(part.url()), clean.apply(part.detail()))).toList(),
        message.toolCalls().stream().map(call -> new ToolCall(clean.apply(call.id()), clean.apply(call.name()),
            clean.apply(call.arguments()))).toList(),
        clean.apply(message.toolCallId()), clean.apply(message.timestamp()), message.interrupted(),
        message.thinking().stream().map(block -> new ChatMessage.Thinking(clean.apply(block.text()),
            clean.apply(block.signature()), clean.apply(block.redacted()))).toList());
  }

  /** A copy of {@code json} with {@code clean} applied to every key and string in it, at any depth; null for null. */
  static JsonObject json(JsonObject json, UnaryOperator<String> clean) {
    if (json == null) {
      return null;
    }
    JsonObject copy = new JsonObject();
    for (Map.Entry<String, Object> entry : json) {
      copy.put(clean.apply(entry.getKey()), value(entry.getValue(), clean));
    }
    return copy;
  }

  private static Object value(Object value, UnaryOperator<String> clean) {
    if (value instanceof JsonObject object) {
      return json(object, clean);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(value(item, clean)));
      return copy;
    }
    return value instanceof String string ? clean.apply(string) : value;
  }

  /** The {@code detail} column of {@code message}: null when its text says it all. */
  static JsonObject detail(ChatMessage message) {
    if (message.textOnly() && message.thinking().isEmpty()) {
      return null;
    }
    JsonObject detail = message.toJson();
    detail.remove("role");
    detail.remove("timestamp");
    detail.remove("interrupted");
    return detail;
  }

  /** The message a row holds; {@code detail} as the client read it (a JsonObject, or null). */
  static ChatMessage message(String role, String content, String sentAt, boolean interrupted, Object detail) {
    if (!(detail instanceof JsonObject json)) {
      return new ChatMessage(role, content, sentAt, interrupted);
    }
    return ChatMessage.fromJson(json.copy().put("role", role).put("timestamp", sentAt).put("interrupted", interrupted));
  }
}
