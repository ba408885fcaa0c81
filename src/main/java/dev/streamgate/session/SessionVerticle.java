package dev.streamgate.session;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.ContentPart;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.SessionListing;
import dev.streamgate.bus.ToolRefusal;
import dev.streamgate.bus.ToolRefused;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.bus.TurnContext;
import dev.streamgate.bus.TurnEnd;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns conversation state behind the request/reply addresses in {@link Addresses}. Deployed once per
 * core over one shared, thread-safe {@link SessionStore}, and asked through {@link LoopAffinity}, so
 * a turn's session messages never leave the caller's event loop. Failures reply with the HTTP status
 * as failure code (404 for an unknown session); a refusal of tool results as {@link ToolRefused}, with its facts.
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
        serveRecord(Addresses.SESSION_LIST, body -> list((JsonObject) body)),
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
        .onFailure(err -> fail(address, msg, err)));
  }

  /** A refusal of tool results is replied as itself, so its facts cross the bus; any other failure as its status. */
  private static void fail(String address, Message<?> msg, Throwable err) {
    if (ToolRefused.replied(msg, err)) {
      return;
    }
    GatewayException failure = GatewayException.from(err);
    if (failure.status() >= 500) {
      LOG.error("{} failed", address, err);
    }
    msg.fail(failure.status(), failure.getMessage());
  }

  private static Future<?> invoke(Function<Object, Future<?>> handler, Object body) {
    try {
      return handler.apply(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Session> create(String id, String model, String owner) {
    return store.insert(newSession(id, model, owner, List.of(), null));
  }

  private Session newSession(String id, String model, String owner, List<ChatMessage> messages, JsonObject meta) {
    Instant now = Instant.now();
    return new Session(id == null ? UUID.randomUUID().toString() : id, owner,
        model == null || model.isBlank() ? defaultModel : model, now, now, messages, meta);
  }

  private Future<Session> existing(JsonObject body) {
    return visible(body.getString("session_id"), body.getString("owner"));
  }

  /** The session, if it exists and the caller's key may see it; another key's session is "not found". */
  private Future<Session> visible(String id, String owner) {
    return store.get(id).compose(session -> session == null || !session.visibleTo(owner)
        ? notFound(id) : Future.succeededFuture(session));
  }

  /**
   * The owner's sessions: only those named in {@code ids} when given (at most 100: encoded here), a page
   * of at most {@code limit} after {@code after} when asked (encoded here too), else all of them, encoded
   * on a worker thread (46 MB of JSON for 250,000 sessions held an event loop for over a second).
   */
  private Future<SessionListing> list(JsonObject body) {
    String owner = body.getString("owner");
    JsonArray ids = body.getJsonArray("ids");
    if (ids != null) {
      return store.list(owner, ids.stream().map(String.class::cast).distinct().toList()).map(SessionVerticle::listing);
    }
    if (body.containsKey("limit")) {
      String after = body.getString("after");
      return store.page(owner, body.getInteger("limit"), after == null ? null : SessionCursor.decode(after))
          .map(page -> new SessionListing(SessionListJson.encode(page)));
    }
    return store.list(owner).compose(all -> vertx.executeBlocking(() -> listing(all), false));
  }

  private static SessionListing listing(List<SessionSummary> sessions) {
    return new SessionListing(SessionListJson.encode(sessions));
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

  /**
   * Records what the turn adds (tool results, the user's message), in order and in one change (with the
   * session, when the turn creates it), then hands back the context.
   */
  private Future<TurnContext> beginTurn(TurnBegin begin) {
    return sessionFor(begin, stamped(begin.messages())).map(target -> {
      Session s = target.session();
      return new TurnContext(s.id(), begin.model() == null ? s.model() : begin.model(), target.fresh(),
          s.context(begin.wholeContext() ? Integer.MAX_VALUE : maxContextMessages), s.messages().size());
    });
  }

  private static List<ChatMessage> stamped(List<ChatMessage> messages) {
    String now = Instant.now().toString();
    return messages.stream()
        .map(m -> new ChatMessage(m.role(), m.parts(), m.toolCalls(), m.toolCallId(), now, false, m.thinking()))
        .toList();
  }

  /** The session a turn went to, its messages added, and whether this turn created it. */
  private record Target(Session session, boolean fresh) {
  }

  /**
   * The session, once what the turn adds is known to fit its history (tool results answer its last calls):
   * a turn refused leaves nothing stored, not even a session it would have created.
   */
  private Future<Target> sessionFor(TurnBegin begin, List<ChatMessage> added) {
    if (begin.forkOf() != null) {
      return fork(begin, added);
    }
    if (begin.sessionId() == null) {
      return fits(List.of(), begin).compose(v -> created(begin, begin.model(), List.of(), added));
    }
    if (!begin.createMissing()) {
      return continued(begin, added);
    }
    return store.get(begin.sessionId()).compose(existing -> existing != null ? continued(begin, added)
        // Two turns may race to create it: the loser continues the winner's session.
        : fits(List.of(), begin).compose(v -> created(begin, begin.model(), List.of(), added))
            .recover(err -> err instanceof SessionTaken ? continued(begin, added) : Future.failedFuture(err)));
  }

  private Future<Target> continued(TurnBegin begin, List<ChatMessage> added) {
    return visible(begin.sessionId(), begin.owner()).compose(s -> fits(s.messages(), begin))
        .compose(v -> appendTo(begin.sessionId(), added, null)).map(s -> new Target(s, false));
  }

  /**
   * A new session, {@code session_id}, holding the messages of {@code fork_of} then the turn's: the session
   * forked is read, never changed. Its id taken is a failure, not a session to continue: a fork is new.
   */
  private Future<Target> fork(TurnBegin begin, List<ChatMessage> added) {
    boolean sameModel = begin.model() == null || begin.model().isBlank();
    return visible(begin.forkOf(), begin.owner())
        .compose(parent -> fits(parent.messages(), begin).map(parent))
        .compose(parent -> created(begin, sameModel ? parent.model() : begin.model(), parent.messages(), added))
        .recover(err -> Future.failedFuture(err instanceof SessionTaken ? new GatewayException(Failure.INTERNAL_ERROR,
            "Session '" + begin.sessionId() + "' already exists: a fork starts a new session") : err));
  }

  /** Stores the session the turn creates, with {@code history}, the turn's messages and its meta, in one change. */
  private Future<Target> created(TurnBegin begin, String model, List<ChatMessage> history, List<ChatMessage> added) {
    List<ChatMessage> messages = new ArrayList<>(history.size() + added.size());
    messages.addAll(history);
    messages.addAll(added);
    return store.insert(newSession(begin.sessionId(), model, begin.owner(), List.copyOf(messages), copy(begin.meta())))
        .map(s -> new Target(s, true));
  }

  /** Meta as the store keeps it: the sender's object is not shared with a session held in memory. */
  private static JsonObject copy(JsonObject meta) {
    return meta == null ? null : meta.copy();
  }

  private static Future<Void> fits(List<ChatMessage> history, TurnBegin begin) {
    ToolRefusal refusal = ToolResults.refusal(history, begin.messages());
    return refusal == null ? Future.succeededFuture() : Future.failedFuture(new ToolRefused(refusal));
  }

  private Future<JsonObject> endTurn(TurnEnd end) {
    ChatMessage reply = new ChatMessage(ChatMessage.ASSISTANT,
        end.reply().isEmpty() ? List.of() : List.of(ContentPart.text(end.reply())), end.toolCalls(), null,
        Instant.now().toString(), end.interrupted(), end.thinking());
    return appendTo(end.sessionId(), List.of(reply), copy(end.meta()))
        .map(s -> new JsonObject().put("message_count", s.messages().size()));
  }

  /** Resolves once the store has the messages and meta (committed, for a durable store). */
  private Future<Session> appendTo(String id, List<ChatMessage> messages, JsonObject meta) {
    return store.append(id, messages, meta, Instant.now())
        .compose(s -> s == null ? notFound(id) : Future.succeededFuture(s));
  }

  private static <T> Future<T> notFound(String id) {
    return Future.failedFuture(GatewayException.notFound("Session '" + id + "' not found"));
  }
}
