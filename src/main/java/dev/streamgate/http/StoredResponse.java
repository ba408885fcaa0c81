package dev.streamgate.http;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.Json;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.session.Session;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A response the session service keeps ({@link ResponsesRoutes}): the session named by its id, whose
 * {@code meta} is the response object, marked as one ({@code kind}) and with how its events are written
 * ({@code sealing}) beside it, neither of them shown.
 */
record StoredResponse(String id, JsonObject session) {

  static final String PREFIX = "resp_";
  /** The statuses of a response whose turn has not ended. */
  static final List<String> RUNNING = List.of("queued", "in_progress");
  private static final String SEALING = "sealing";

  /** What the session keeps as its meta for {@code response}: the object, marked. */
  static JsonObject meta(JsonObject response, boolean sealing) {
    response.put("kind", Session.RESPONSE_KIND);
    return sealing ? response.put(SEALING, true) : response;
  }

  /** True when {@code session} keeps a response (not a conversation of another API). */
  static boolean keepsOne(JsonObject session) {
    return Session.RESPONSE_KIND.equals(session.getJsonObject("meta", new JsonObject()).getValue("kind"));
  }

  String turnId() {
    return id.substring(PREFIX.length());
  }

  /** True when its reasoning items carry their reasoning sealed ({@code include: ["reasoning.encrypted_content"]}). */
  boolean sealing() {
    return session.getJsonObject("meta").getBoolean(SEALING, false);
  }

  /**
   * The conversation that went into it: all of it but its own answer (the last message, once it has
   * ended with output).
   */
  List<ChatMessage> inputs() {
    List<ChatMessage> all = conversation();
    JsonObject meta = session.getJsonObject("meta");
    boolean answered = !RUNNING.contains(meta.getString("status")) && !Json.array(meta, "output").isEmpty();
    return answered && !all.isEmpty() && ChatMessage.ASSISTANT.equals(all.get(all.size() - 1).role())
        ? all.subList(0, all.size() - 1) : all;
  }

  /**
   * It, asked for with its reasoning sealed or not ({@code include: reasoning.encrypted_content}): one made
   * without it whose output has reasoning is refused by name, as what it keeps was not sealed.
   */
  StoredResponse sealable(boolean asked) {
    boolean reasons = Json.array(session.getJsonObject("meta"), "output").stream()
        .anyMatch(item -> item instanceof JsonObject object && "reasoning".equals(object.getString("type")));
    if (asked && reasons && !sealing()) {
      throw GatewayException.invalid("include", "Response '" + id + "' was made without 'include': ['"
          + "reasoning.encrypted_content'], so its reasoning was not sealed (its events, ?stream=true, can be)");
    }
    return this;
  }

  /** The conversation up to and with it, which a response that continues it starts from. */
  List<ChatMessage> conversation() {
    return session.getJsonArray("messages").stream().map(message -> ChatMessage.fromJson((JsonObject) message))
        .toList();
  }

  /**
   * The response object as it stands: one kept as queued or in progress whose turn is {@code lost} (its
   * node stopped before the turn's end, so nothing will ever store how it ended) is failed, {@code node_lost},
   * not running for ever.
   */
  JsonObject object(boolean lost) {
    JsonObject response = session.getJsonObject("meta").copy();
    response.remove("kind");
    response.remove(SEALING);
    if (RUNNING.contains(response.getString("status")) && lost) {
      response.put("status", "failed").put("error", new JsonObject().put("code", Failure.NODE_LOST.code())
          .put("message", "This response will not end: the node running it stopped before its end, or its end could"
              + " not be stored"));
    }
    return response;
  }
}
