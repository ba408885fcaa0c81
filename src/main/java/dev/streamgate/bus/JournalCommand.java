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
 *   <li>{@code unfollow}: {@code reader}.</li>
 *   <li>{@code stop}: {@code turn_id}, {@code owner}.</li>
 * </ul>
 */
public record JournalCommand(Action action, String turnId, int after, String owner, String inbox, String reader,
                             String node) {

  /** What is asked. */
  public enum Action { FOLLOW, UNFOLLOW, STOP }

  public static JournalCommand follow(String turnId, int after, String owner, String inbox, String reader,
                                      String node) {
    return new JournalCommand(Action.FOLLOW, turnId, after, owner, inbox, reader, node);
  }

  public static JournalCommand unfollow(String reader) {
    return new JournalCommand(Action.UNFOLLOW, null, 0, null, null, reader, null);
  }

  public static JournalCommand stop(String turnId, String owner) {
    return new JournalCommand(Action.STOP, turnId, 0, owner, null, null, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("action", action.name().toLowerCase()).put("turn_id", turnId).put("after", after)
        .put("owner", owner).put("inbox", inbox).put("reader", reader).put("node", node);
  }

  public static JournalCommand fromJson(JsonObject json) {
    return new JournalCommand(Action.valueOf(json.getString("action").toUpperCase()), json.getString("turn_id"),
        json.getInteger("after", 0), json.getString("owner"), json.getString("inbox"), json.getString("reader"),
        json.getString("node"));
  }
}
