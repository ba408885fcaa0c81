package dev.streamgate.cluster;

import dev.streamgate.lifecycle.Drain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;

/**
 * Which node of a cluster keeps each event channel, its home: the clustered map {@value #MAP}, channel
 * key to node id. The home runs the channel's turns and keeps their journals, so the channel's streams,
 * wherever their clients are connected, get its turns in order and exactly once; another node hands the
 * channel's requests to it ({@code Addresses.channel}, {@code Addresses.journal}). The first node a
 * channel's request reaches claims it, and so does any node once the home has left the cluster. One map
 * read per request of a channel, none per chunk; a node alone keeps all its channels and never asks.
 */
public final class ChannelHomes {

  public static final String MAP = "streamgate.channels";

  private final Vertx vertx;
  private final Membership membership;
  private final Drain drain;
  private final String self;

  /** {@code drain}: the node's; a stopping node claims no channel. */
  public ChannelHomes(Vertx vertx, Membership membership, Drain drain) {
    this.vertx = vertx;
    this.membership = membership;
    this.drain = drain;
    this.self = membership.nodeId();
  }

  /**
   * The node that keeps {@code channel} when it is another one; null when this node does (claiming it
   * if need be) or, stopping, when no other node does.
   */
  public Future<String> remoteHome(String channel) {
    if (self == null) {
      return Future.succeededFuture();
    }
    return map().compose(map -> map.get(channel).compose(home -> claimed(map, channel, home)))
        .map(home -> self.equals(home) ? null : home);
  }

  /** This node no longer keeps {@code channels} (forgotten, or the node is stopping): the next request claims them anew. */
  public Future<Void> release(Collection<String> channels) {
    if (self == null || channels.isEmpty()) {
      return Future.succeededFuture();
    }
    return map().compose(map -> Future.join(channels.stream().map(channel -> map.removeIfPresent(channel, self))
        .toList())).mapEmpty();
  }

  /** {@code home} if it is still a member; else this node, unless another claimed it first. */
  private Future<String> claimed(AsyncMap<String, String> map, String channel, String home) {
    if (home == null && drain.draining()) {
      return Future.succeededFuture(self); // its streams are served here until the node stops; its new turns are refused
    }
    if (home == null) {
      return map.putIfAbsent(channel, self).map(earlier -> earlier == null ? self : earlier);
    }
    if (home.equals(self) || membership.isMember(home)) {
      return Future.succeededFuture(home);
    }
    return map.replaceIfPresent(channel, home, self)
        .compose(replaced -> replaced ? Future.succeededFuture(self) : map.get(channel));
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
