package dev.streamgate.session;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns conversation state behind the request/reply addresses in {@link Addresses}. Deployed once per
 * core over one shared, thread-safe {@link SessionStore}, and asked through {@link LoopAffinity}, so
 * a turn's session messages never leave the caller's event loop. Failures reply with the HTTP status
 * as failure code (404 for an unknown session).
 */
public final class SessionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionVerticle.class);

  private final SessionStore store;
  private final String defaultModel;
  private final int maxContextMessages;

  public SessionVerticle(SessionStore store, String defaultModel, int maxContextMessages) {
    this.store = store;
    this.defaultModel = defaultModel;
    this.maxContextMessages = maxContextMessages;
  }

  @Override
  public Future<?> start() {
    return Future.all(List.of(
        serve(Addresses.SESSION_CREATE, body -> create(null, body.getString("model"), body.getString("owner"))
            .map(Session::toSummaryJson)),
        serve(Addresses.SESSION_LIST, body -> list(body.getString("owner"), body.getJsonArray("ids"))),
        serve(Addresses.SESSION_GET, body -> existing(body).map(Session::toDetailJson)),
        serve(Addresses.SESSION_DELETE, this::delete),
        serve(Addresses.SESSION_CLEAR, this::clear),
        serve(Addresses.SESSION_STATS, body -> stats()),
        // A turn's records travel with their local codecs (BusCodecs): no JSON built, copied or parsed.
        serveRecord(Addresses.SESSION_TURN_BEGIN, body -> beginTurn(TurnBegin.of(body))),
        serveRecord(Addresses.SESSION_TURN_END, body -> endTurn(TurnEnd.of(body)))));
  }

  private Future<Void> serve(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return serveRecord(address, body -> handler.apply(body == null ? new JsonObject() : (JsonObject) body));
  }

  private Future<Void> serveRecord(String address, Function<Object, Future<?>> handler) {
    return LoopAffinity.serve(vertx.eventBus(), address, msg -> invoke(handler, msg.body())
        .onSuccess(msg::reply)
        .onFailure(err -> {
          GatewayException failure = GatewayException.from(err);
          if (failure.status() >= 500) {
            LOG.error("{} failed", address, err);
          }
          msg.fail(failure.status(), failure.getMessage());
        }));
  }

  private static Future<?> invoke(Function<Object, Future<?>> handler, Object body) {
    try {
      return handler.apply(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Session> create(String id, String model, String owner) {
    String sessionId = id == null ? UUID.randomUUID().toString() : id;
    String sessionModel = model == null || model.isBlank() ? defaultModel : model;
    return store.insert(Session.create(sessionId, owner, sessionModel, Instant.now()));
  }

  private Future<Session> existing(JsonObject body) {
    return visible(body.getString("session_id"), body.getString("owner"));
  }

  /** The session, if it exists and the caller's key may see it; another key's session is "not found". */
  private Future<Session> visible(String id, String owner) {
    return store.get(id).compose(session -> session == null || !session.visibleTo(owner)
        ? notFound(id) : Future.succeededFuture(session));
  }

  /** The owner's sessions; only those named in {@code ids} when given. */
  private Future<JsonObject> list(String owner, JsonArray ids) {
    return store.list(owner)
        .map(all -> all.stream().filter(s -> ids == null || ids.contains(s.id())).map(SessionSummary::toJson).toList())
        .map(sessions -> new JsonObject().put("sessions", new JsonArray(sessions)).put("total", sessions.size()));
  }

  private Future<JsonObject> delete(JsonObject body) {
    String id = body.getString("session_id");
    return existing(body).compose(session -> store.delete(id)).compose(deleted -> deleted
        ? Future.succeededFuture(new JsonObject().put("deleted", true).put("session_id", id))
        : notFound(id));
  }

  private Future<JsonObject> clear(JsonObject body) {
    String id = body.getString("session_id");
    return existing(body).compose(session -> store.clear(id, Instant.now()))
        .compose(session -> session == null ? notFound(id) : Future.succeededFuture(
            new JsonObject().put("cleared", true).put("session_id", id).put("message_count", 0)));
  }

  private Future<JsonObject> stats() {
    return Future.all(store.count(), store.created()).map(counts -> new JsonObject()
        .put("active_sessions", counts.<Long>resultAt(0)).put("total_sessions_created", counts.<Long>resultAt(1)));
  }

  /** Records what the turn adds (tool results, the user's message), in order, then hands back the context. */
  private Future<TurnContext> beginTurn(TurnBegin begin) {
    return sessionFor(begin).compose(created -> appendAll(created.id(), begin.messages(), 0)
        .map(s -> new TurnContext(s.id(), begin.model() == null ? s.model() : begin.model(), created.fresh(),
            s.context(maxContextMessages), s.messages().size())));
  }

  private Future<Session> appendAll(String id, List<ChatMessage> messages, int next) {
    ChatMessage message = messages.get(next);
    Future<Session> appended = appendTo(id, new ChatMessage(message.role(), message.parts(), message.toolCalls(),
        message.toolCallId(), Instant.now().toString(), false));
    return next == messages.size() - 1 ? appended : appended.compose(s -> appendAll(id, messages, next + 1));
  }

  /** The session a turn goes to, and whether this turn created it. */
  private record Target(String id, boolean fresh) {
  }

  /**
   * The session, once what the turn adds is known to fit its history (tool results answer its last calls):
   * a turn refused leaves nothing stored, not even a session it would have created.
   */
  private Future<Target> sessionFor(TurnBegin begin) {
    if (begin.sessionId() == null) {
      return fits(List.of(), begin).compose(v -> create(null, begin.model(), begin.owner()))
          .map(s -> new Target(s.id(), true));
    }
    if (!begin.createMissing()) {
      return existingTarget(begin);
    }
    return store.get(begin.sessionId()).compose(existing -> existing != null ? existingTarget(begin)
        // Two turns may race to create it: the loser finds the winner's session.
        : fits(List.of(), begin).compose(v -> create(begin.sessionId(), begin.model(), begin.owner()))
            .map(s -> new Target(s.id(), true))
            .recover(err -> err instanceof SessionTaken ? existingTarget(begin) : Future.failedFuture(err)));
  }

  private Future<Target> existingTarget(TurnBegin begin) {
    return visible(begin.sessionId(), begin.owner())
        .compose(s -> fits(s.messages(), begin).map(new Target(s.id(), false)));
  }

  private static Future<Void> fits(List<ChatMessage> history, TurnBegin begin) {
    GatewayException refusal = ToolResults.refusal(history, begin.messages());
    return refusal == null ? Future.succeededFuture() : Future.failedFuture(refusal);
  }

  private Future<JsonObject> endTurn(TurnEnd end) {
    ChatMessage reply = new ChatMessage(ChatMessage.ASSISTANT,
        end.reply().isEmpty() ? List.of() : List.of(ContentPart.text(end.reply())), end.toolCalls(), null,
        Instant.now().toString(), end.interrupted());
    return appendTo(end.sessionId(), reply).map(s -> new JsonObject().put("message_count", s.messages().size()));
  }

  /** Resolves once the store has the message (committed, for a durable store). */
  private Future<Session> appendTo(String id, ChatMessage message) {
    return store.append(id, message, Instant.now())
        .compose(s -> s == null ? notFound(id) : Future.succeededFuture(s));
  }

  private static <T> Future<T> notFound(String id) {
    return Future.failedFuture(GatewayException.notFound("Session '" + id + "' not found"));
  }
}
