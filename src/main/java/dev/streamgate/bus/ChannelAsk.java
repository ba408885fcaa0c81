package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#channel}: a turn asked into an event channel through a node that does not
 * keep the channel, for the node that does to start: {@code channel} (the channel's key),
 * {@code begin} ({@link TurnBegin}'s fields), {@code client_ip} and {@code dialect} (for its log line
 * and meters). Answered {@code {turn_id, session_id}} once the turn has started.
 */
public record ChannelAsk(String channel, TurnBegin begin, String clientIp, String dialect) {

  public JsonObject toJson() {
    return new JsonObject().put("channel", channel).put("begin", begin.toJson()).put("client_ip", clientIp)
        .put("dialect", dialect);
  }

  public static ChannelAsk fromJson(JsonObject json) {
    return new ChannelAsk(json.getString("channel"), TurnBegin.fromJson(json.getJsonObject("begin")),
        json.getString("client_ip"), json.getString("dialect"));
  }
}
