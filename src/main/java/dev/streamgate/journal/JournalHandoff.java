package dev.streamgate.journal;

import dev.streamgate.lifecycle.Drain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journals of a node that leaves the cluster gracefully, kept in the clustered map {@value #MAP}
 * (turn id to {@link JournalSnapshot} JSON, expiring after the resume time) so a client can still
 * resume those turns through another node: it gets the events it missed and the turn's end. Written
 * once, by the leaving node after its turns have ended; read only for a turn whose node is gone. A node
 * that is killed hands nothing over.
 */
public final class JournalHandoff {

  public static final String MAP = "streamgate.journals";
  private static final long ENDS_WRITTEN_MS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(JournalHandoff.class);

  private JournalHandoff() {
  }

  /**
   * Hands the journals of {@code channels} over for {@code ttlMillis}, once they have all ended (their
   * last events follow their replies' storing by a moment; at most {@value #ENDS_WRITTEN_MS} ms is
   * waited for them). Never fails: the node leaves either way.
   */
  public static Future<Void> handOver(Vertx vertx, Channels channels, long ttlMillis) {
    return Drain.until(vertx, () -> channels.journals().stream().allMatch(j -> j.endsBy(Integer.MAX_VALUE)),
            ENDS_WRITTEN_MS)
        .compose(v -> store(vertx, channels, ttlMillis))
        .onSuccess(count -> LOG.info("handed {} turn journals over to the cluster", count))
        .recover(err -> {
          LOG.warn("could not hand the turn journals over to the cluster: {}", err.toString());
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  /** Hands every ended journal of {@code channels} over for {@code ttlMillis}; the number handed over. */
  static Future<Integer> store(Vertx vertx, Channels channels, long ttlMillis) {
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
