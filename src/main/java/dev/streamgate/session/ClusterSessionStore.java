package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import dev.streamgate.cluster.EntryTtl;
import dev.streamgate.cluster.MapMemory;
import dev.streamgate.cluster.Membership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Sessions in the cluster's shared data: the {@value #MAP} map (backups as {@code conf/cluster.xml}
 * says), session id to session JSON, so any node continues any conversation. Changes are a
 * compare-and-swap retried on conflict, atomic per session across nodes. Counters are cluster-wide.
 * Idle sessions expire through each entry's time-to-live, renewed by every change (no sweep); the
 * per-key limit counts through {@link ClusterOwners}. A node refuses a new session while what it holds
 * of the map ({@link MapMemory}: its partitions and the backups it keeps) is {@code budget} or more, as
 * every node holds a share of each session in its heap; sessions held keep changing.
 */
public final class ClusterSessionStore implements SessionStore {

  public static final String MAP = "streamgate.sessions";
  private static final String CREATED = "streamgate.sessions.created";
  private static final int MAX_SWAPS = 32;
  /** Hazelcast keeps an entry's times in whole seconds: a second more, so no session expires early. */
  private static final long TTL_ROUNDING_MILLIS = 1000;
  /** How often what this node holds of the map is read again. */
  private static final long MEMORY_READ_MILLIS = 1000;

  private final EntryTtl entryTtl;
  private final AsyncMap<String, JsonObject> map;
  private final Counter created;
  private final ClusterOwners owners;
  private final SessionLimits limits;
  private final MapMemory memory;
  private final long budget;
  /** Reads the whole map's sessions on a worker thread. */
  private final Vertx vertx;

  private ClusterSessionStore(Vertx vertx, Membership membership, AsyncMap<String, JsonObject> map, Counter created,
                              ClusterOwners owners, SessionLimits limits, long budget) {
    this.vertx = vertx;
    this.entryTtl = new EntryTtl(vertx, membership);
    this.map = map;
    this.created = created;
    this.owners = owners;
    this.limits = limits;
    this.memory = new MapMemory(vertx, membership, MAP, MEMORY_READ_MILLIS);
    this.budget = budget;
  }

  /**
   * The store of a clustered {@code vertx}, whose node is {@code membership}; {@code budget}: the bytes of
   * the map this node may hold before it refuses new sessions, 0 for no bound.
   */
  public static Future<SessionStore> create(Vertx vertx, Membership membership, SessionLimits limits, long budget) {
    return Future.all(vertx.sharedData().<String, JsonObject>getAsyncMap(MAP), vertx.sharedData().getCounter(CREATED),
            vertx.sharedData().<String, JsonArray>getAsyncMap(ClusterOwners.MAP))
        .map(all -> new ClusterSessionStore(vertx, membership, all.resultAt(0), all.resultAt(1),
            new ClusterOwners(all.resultAt(2), all.resultAt(0), limits), limits, budget));
  }

  /** Stored first, then counted against its owner's limit: one too many is removed again (see ClusterOwners). */
  @Override
  public Future<Session> insert(Session session) {
    if (budget > 0 && memory.bytes() >= budget) {
      return Future.failedFuture(SessionLimits.storeFull(budget));
    }
    Session stored = limits.trim(session);
    JsonObject json = toJson(stored);
    return (limits.idleMillis() > 0 ? map.putIfAbsent(session.id(), json, ttl())
        : map.putIfAbsent(session.id(), json))
        .compose(previous -> previous != null ? Future.failedFuture(new SessionTaken(session.id()))
            : owners.claim(session.owner(), session.id()).recover(refused -> map.remove(session.id())
                .transform(removed -> Future.failedFuture(refused))))
        .compose(v -> created.incrementAndGet().map(stored));
  }

  @Override
  public Future<Session> get(String id) {
    return map.get(id).map(json -> json == null ? null : fromJson(json));
  }

  @Override
  public Future<Session> append(String id, List<ChatMessage> messages, JsonObject meta, Instant now) {
    return swap(id, s -> limits.trim(s.append(messages, meta, now)), MAX_SWAPS);
  }

  @Override
  public Future<Session> clear(String id, Instant now) {
    return swap(id, s -> s.cleared(now), MAX_SWAPS);
  }

  private Future<Session> swap(String id, UnaryOperator<Session> change, int left) {
    return map.get(id).compose(stored -> {
      if (stored == null) {
        return Future.succeededFuture();
      }
      Session next = change.apply(fromJson(stored));
      return map.replaceIfPresent(id, stored, toJson(next)).compose(swapped -> swapped ? renewTtl(id).map(next)
          : left > 1 ? swap(id, change, left - 1)
          : Future.failedFuture(new IllegalStateException("Session " + id + " is changing too often to update")));
    });
  }

  /** A replaced entry loses its time-to-live (see {@link EntryTtl}): give it the full idle time again. */
  private Future<Void> renewTtl(String id) {
    return limits.idleMillis() > 0 ? entryTtl.set(MAP, id, ttl()) : Future.succeededFuture();
  }

  private long ttl() {
    return limits.idleMillis() + TTL_ROUNDING_MILLIS;
  }

  @Override
  public Future<Boolean> delete(String id) {
    return map.remove(id).map(Objects::nonNull);
  }

  @Override
  public Future<List<SessionSummary>> list(String owner) {
    return map.entries().compose(all -> vertx.executeBlocking(
        () -> Session.chatsOf(all.values().stream().map(ClusterSessionStore::fromJson), owner), false));
  }

  /** Every session read, as for the list, but on the worker in one pass keeping the page's (not sorted). */
  @Override
  public Future<SessionPage> page(String owner, int limit, SessionCursor after) {
    return map.entries().compose(all -> vertx.executeBlocking(() -> SessionPage.select(
        Session.chats(all.values().stream().map(ClusterSessionStore::fromJson), owner), limit, after), false));
  }

  @Override
  public Future<List<SessionSummary>> list(String owner, List<String> ids) {
    return Future.all(ids.stream().map(this::get).toList())
        .map(found -> Session.chatsOf(found.<Session>list().stream(), owner));
  }

  @Override
  public Future<Long> count() {
    return map.size().map(Integer::longValue);
  }

  @Override
  public Future<Long> created() {
    return created.get();
  }

  /** Nothing to sweep: Hazelcast removes entries whose time-to-live ran out. */
  @Override
  public Future<Long> expireIdle(Instant idleSince) {
    return Future.succeededFuture(0L);
  }

  /** The map's value: {@code meta} only when the session has one, so entries of earlier versions read the same. */
  static JsonObject toJson(Session session) {
    JsonArray messages = new JsonArray();
    session.messages().forEach(m -> messages.add(m.toJson()));
    JsonObject json = new JsonObject().put("id", session.id()).put("owner", session.owner())
        .put("model", session.model()).put("created_at", session.createdAt().toString())
        .put("updated_at", session.updatedAt().toString()).put("messages", messages);
    return session.meta() == null ? json : json.put("meta", session.meta());
  }

  static Session fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new Session(json.getString("id"), json.getString("owner"), json.getString("model"),
        Instant.parse(json.getString("created_at")), Instant.parse(json.getString("updated_at")), messages,
        json.getJsonObject("meta"));
  }
}
