package dev.streamgate.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * The failure of {@code session.turn.begin} that refuses a turn's tool results: a 400 that carries its
 * {@link ToolRefusal}, where {@code Message.fail} would carry a status and a message only. Replied as the
 * message body, with its codec ({@link BusCodecs}): Vert.x fails the request with this very instance
 * within a node, and with one decoded from the refusal's JSON on another node. The message is for logs;
 * clients read the refusal in their API's words.
 */
public final class ToolRefused extends ReplyException {

  private final ToolRefusal refusal;

  public ToolRefused(ToolRefusal refusal) {
    super(ReplyFailure.RECIPIENT_FAILURE, 400, "Tool results refused: " + refusal.toJson().encode(), true);
    this.refusal = refusal;
  }

  public ToolRefusal refusal() {
    return refusal;
  }

  /**
   * Replies {@code err} to the request {@code msg} when it is a refusal of tool results, so that its facts
   * cross the bus for the asker to word; false (nothing sent) for any other failure.
   */
  public static boolean replied(Message<?> msg, Throwable err) {
    if (err instanceof ToolRefused refused) {
      msg.reply(refused);
      return true;
    }
    return false;
  }
}
