package dev.streamgate.cluster;

import dev.streamgate.channel.Channels;
import dev.streamgate.channel.JournalSnapshot;
import dev.streamgate.channel.TurnJournal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Objects;

/**
 * The journals of a node that leaves the cluster gracefully, kept in the clustered map {@value #MAP}
 * (turn id to {@link JournalSnapshot} JSON, expiring after the resume time) so a client can still
 * resume those turns through another node: it gets the events it missed and the turn's end. Written
 * once, by the leaving node after its turns have ended; read only for a turn whose node is gone. A node
 * that is killed hands nothing over.
 */
public final class JournalHandoff {

  public static final String MAP = "streamgate.journals";

  private JournalHandoff() {
  }

  /** Hands every ended journal of {@code channels} over for {@code ttlMillis}; the number handed over. */
  public static Future<Integer> store(Vertx vertx, Channels channels, long ttlMillis) {
    List<JournalSnapshot> ended = channels.journals().stream().map(JournalSnapshot::of).filter(Objects::nonNull)
        .toList();
    if (ended.isEmpty() || ttlMillis <= 0) {
      return Future.succeededFuture(0);
    }
    return map(vertx).compose(map -> Future.all(ended.stream()
            .map(snapshot -> map.put(snapshot.turnId(), snapshot.toJson(), ttlMillis)).toList()))
        .map(ended.size());
  }

  /** The journal of {@code turnId} that a departed node handed over, now kept in {@code channels}; null when none. */
  public static Future<TurnJournal> restore(Vertx vertx, Channels channels, String turnId) {
    return map(vertx).compose(map -> map.get(turnId))
        .map(json -> json == null ? null : channels.adopt(JournalSnapshot.fromJson(json)));
  }

  private static Future<AsyncMap<String, JsonObject>> map(Vertx vertx) {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
