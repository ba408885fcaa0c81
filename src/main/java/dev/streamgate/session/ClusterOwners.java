package dev.streamgate.session;

import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Objects;

/**
 * Which sessions each API key keeps, cluster-wide, for the per-key limit: owner to the ids of its
 * sessions, in the clustered map {@value #MAP}, changed by compare-and-swap so two nodes cannot both
 * give a key its last place. A session is stored before it is listed, so a listed id whose session is
 * gone was deleted or expired: deletes and expiry do not touch this map, and the ids of a key that
 * reaches the limit are looked up, those gone dropped, before it is refused. Owners are API keys, so
 * the map has as many entries as there are keys.
 */
final class ClusterOwners {

  static final String MAP = "streamgate.sessions.owners";
  private static final int MAX_SWAPS = 32;

  private final AsyncMap<String, JsonArray> owners;
  private final AsyncMap<String, JsonObject> sessions;
  private final SessionLimits limits;

  ClusterOwners(AsyncMap<String, JsonArray> owners, AsyncMap<String, JsonObject> sessions, SessionLimits limits) {
    this.owners = owners;
    this.sessions = sessions;
    this.limits = limits;
  }

  /** Lists the stored session {@code id} among {@code owner}'s; fails 429 when every place is taken. */
  Future<Void> claim(String owner, String id) {
    return limits.counts(owner) ? claim(owner, id, MAX_SWAPS) : Future.succeededFuture();
  }

  private Future<Void> claim(String owner, String id, int left) {
    return owners.get(owner).compose(listed -> {
      JsonArray ids = listed == null ? new JsonArray() : listed;
      Future<JsonArray> kept = ids.size() < limits.maxPerOwner() ? Future.succeededFuture(ids) : existing(owner, ids);
      return kept.compose(live -> add(owner, listed, live, id)).compose(added -> added ? Future.<Void>succeededFuture()
          : left > 1 ? claim(owner, id, left - 1)
          : Future.failedFuture(new IllegalStateException("The sessions of one key are changing too often")));
    });
  }

  /** Adds {@code id} to the ids {@code kept}; false when another node changed them meanwhile. */
  private Future<Boolean> add(String owner, JsonArray listed, JsonArray kept, String id) {
    if (kept.size() >= limits.maxPerOwner()) {
      return Future.failedFuture(limits.tooMany());
    }
    JsonArray next = kept.copy().add(id);
    return listed == null ? owners.putIfAbsent(owner, next).map(Objects::isNull)
        : owners.replaceIfPresent(owner, listed, next);
  }

  /** The listed ids whose session still exists and is {@code owner}'s. */
  private Future<JsonArray> existing(String owner, JsonArray ids) {
    List<Future<JsonObject>> lookups = ids.stream().map(id -> sessions.get((String) id)).toList();
    return Future.all(lookups).map(found -> kept(owner, ids, found));
  }

  private static JsonArray kept(String owner, JsonArray ids, CompositeFuture found) {
    JsonArray kept = new JsonArray();
    for (int i = 0; i < ids.size(); i++) {
      JsonObject session = found.resultAt(i);
      if (session != null && owner.equals(session.getString("owner"))) {
        kept.add(ids.getString(i));
      }
    }
    return kept;
  }
}
