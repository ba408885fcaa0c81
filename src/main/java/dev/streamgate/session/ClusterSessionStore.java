package dev.streamgate.session;

import dev.streamgate.bus.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Sessions in the cluster's shared data: the {@value #MAP} map (backups as {@code conf/cluster.xml}
 * says), session id to session JSON, so any node continues any conversation. {@link #update} is a
 * compare-and-swap retried on conflict, atomic per session across nodes. Counters are cluster-wide.
 */
public final class ClusterSessionStore implements SessionStore {

  public static final String MAP = "streamgate.sessions";
  private static final String CREATED = "streamgate.sessions.created";
  private static final int MAX_SWAPS = 32;

  private final AsyncMap<String, JsonObject> map;
  private final Counter created;

  private ClusterSessionStore(AsyncMap<String, JsonObject> map, Counter created) {
    this.map = map;
    this.created = created;
  }

  /** The store of a clustered {@code vertx}. */
  public static Future<SessionStore> create(Vertx vertx) {
    return Future.all(vertx.sharedData().<String, JsonObject>getAsyncMap(MAP), vertx.sharedData().getCounter(CREATED))
        .map(both -> new ClusterSessionStore(both.resultAt(0), both.resultAt(1)));
  }

  @Override
  public Future<Session> insert(Session session) {
    return map.putIfAbsent(session.id(), toJson(session)).compose(previous -> previous != null
        ? Future.failedFuture(new IllegalStateException("Session " + session.id() + " already exists"))
        : created.incrementAndGet().map(session));
  }

  @Override
  public Future<Session> get(String id) {
    return map.get(id).map(json -> json == null ? null : fromJson(json));
  }

  @Override
  public Future<Session> update(String id, UnaryOperator<Session> change) {
    return swap(id, change, MAX_SWAPS);
  }

  private Future<Session> swap(String id, UnaryOperator<Session> change, int left) {
    return map.get(id).compose(stored -> {
      if (stored == null) {
        return Future.succeededFuture();
      }
      Session next = change.apply(fromJson(stored));
      return map.replaceIfPresent(id, stored, toJson(next)).compose(swapped -> swapped ? Future.succeededFuture(next)
          : left > 1 ? swap(id, change, left - 1)
          : Future.failedFuture(new IllegalStateException("Session " + id + " is changing too often to update")));
    });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return map.remove(id).map(Objects::nonNull);
  }

  @Override
  public Future<List<Session>> list() {
    return map.entries().map(all -> all.values().stream().map(ClusterSessionStore::fromJson)
        .sorted(Comparator.comparing(Session::updatedAt).reversed()).toList());
  }

  @Override
  public Future<Long> count() {
    return map.size().map(Integer::longValue);
  }

  @Override
  public Future<Long> created() {
    return created.get();
  }

  static JsonObject toJson(Session session) {
    JsonArray messages = new JsonArray();
    session.messages().forEach(m -> messages.add(m.toJson()));
    return new JsonObject().put("id", session.id()).put("owner", session.owner()).put("model", session.model())
        .put("created_at", session.createdAt().toString()).put("updated_at", session.updatedAt().toString())
        .put("messages", messages);
  }

  static Session fromJson(JsonObject json) {
    List<ChatMessage> messages = json.getJsonArray("messages").stream()
        .map(m -> ChatMessage.fromJson((JsonObject) m)).toList();
    return new Session(json.getString("id"), json.getString("owner"), json.getString("model"),
        Instant.parse(json.getString("created_at")), Instant.parse(json.getString("updated_at")), messages);
  }
}
