package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Body of {@link Addresses#journal}: what another node asks of a node's turn journals.
 * <ul>
 *   <li>{@code follow}: {@code turn_id}, {@code after} (the journal seq the reader has, 0 for none),
 *   {@code owner} (the caller's API-key fingerprint, null when keys are off), {@code inbox} (the
 *   asking HTTP verticle's clustered chunk address), {@code reader} (a key unique to this reading,
 *   which every entry message names) and {@code node} (the asking node's cluster id: its reader is
 *   dropped if that node leaves).</li>
 *   <li>{@code listen}: {@code channel} (the channel's key, which names its API-key owner), {@code turn_id}
 *   and {@code after} (the client's {@code Last-Event-ID}, both absent without one), {@code inbox},
 *   {@code reader} and {@code node} as for {@code follow}.</li>
 *   <li>{@code delivered}: {@code turn_id}, a turn a {@code listen} reader has written to its client to the end.</li>
 *   <li>{@code unfollow}: {@code reader} (of a {@code follow} or a {@code listen}).</li>
 *   <li>{@code stop}: {@code turn_id}, {@code owner}.</li>
 * </ul>
 */
public record JournalCommand(Action action, String turnId, int after, String owner, String inbox, String reader,
                             String node, String channel) {

  /** What is asked. */
  public enum Action { FOLLOW, LISTEN, DELIVERED, UNFOLLOW, STOP }

  public static JournalCommand follow(String turnId, int after, String owner, String inbox, String reader,
                                      String node) {
    return new JournalCommand(Action.FOLLOW, turnId, after, owner, inbox, reader, node, null);
  }

  /** {@code resumeTurnId}/{@code after}: the client's Last-Event-ID (null/0 without one). */
  public static JournalCommand listen(String channel, String resumeTurnId, int after, String inbox, String reader,
                                      String node) {
    return new JournalCommand(Action.LISTEN, resumeTurnId, after, null, inbox, reader, node, channel);
  }

  public static JournalCommand delivered(String turnId) {
    return new JournalCommand(Action.DELIVERED, turnId, 0, null, null, null, null, null);
  }

  public static JournalCommand unfollow(String reader) {
    return new JournalCommand(Action.UNFOLLOW, null, 0, null, null, reader, null, null);
  }

  public static JournalCommand stop(String turnId, String owner) {
    return new JournalCommand(Action.STOP, turnId, 0, owner, null, null, null, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("action", action.name().toLowerCase()).put("turn_id", turnId).put("after", after)
        .put("owner", owner).put("inbox", inbox).put("reader", reader).put("node", node).put("channel", channel);
  }

  public static JournalCommand fromJson(JsonObject json) {
    return new JournalCommand(Action.valueOf(json.getString("action").toUpperCase()), json.getString("turn_id"),
        json.getInteger("after", 0), json.getString("owner"), json.getString("inbox"), json.getString("reader"),
        json.getString("node"), json.getString("channel"));
  }
}
