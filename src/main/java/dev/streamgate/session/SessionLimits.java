package dev.streamgate.session;

import dev.streamgate.Failure;
import dev.streamgate.GatewayException;
import io.vertx.core.eventbus.ReplyException;

/**
 * The bounds every store applies, 0 meaning none: messages kept per session (the oldest trimmed as a
 * message is added), how long a session may stay unchanged before it is deleted, and how many sessions
 * one API key (a session's owner) may keep. The model's context ({@code MAX_CONTEXT_MESSAGES}) is apart:
 * it bounds what is sent, these bound what is kept.
 */
public record SessionLimits(int maxMessages, long idleMillis, int maxPerOwner) {

  public static final SessionLimits NONE = new SessionLimits(0, 0, 0);

  /** {@code session} with only its last {@link #maxMessages} messages. */
  public Session trim(Session session) {
    return maxMessages > 0 ? session.keepLast(maxMessages) : session;
  }

  /** Whether the sessions of {@code owner} are counted: a limit is set, and the caller has a key. */
  public boolean counts(String owner) {
    return maxPerOwner > 0 && owner != null;
  }

  /** The refusal of one session too many; nothing is stored. */
  public GatewayException tooMany() {
    return new GatewayException(Failure.SESSION_LIMIT, "This API key already keeps " + maxPerOwner
        + " sessions, the most allowed: delete one (DELETE /sessions/{id}) to start another");
  }

  /**
   * The refusal of a new session by a store that holds as many as its bound on memory lets it,
   * {@code budget} bytes ({@code SESSION_MEMORY_MB}); nothing is stored.
   */
  public static GatewayException storeFull(long budget) {
    return new GatewayException(Failure.SESSION_STORE_FULL, "This node holds as many sessions as it may (about "
        + budget / (1024 * 1024) + " MB of them, SESSION_MEMORY_MB): delete some (DELETE /sessions/{id}), let idle"
        + " ones expire (SESSION_IDLE_SECONDS) or keep sessions in PostgreSQL (SESSION_STORE=postgres)");
  }

  /**
   * A failure of the session service as its caller passes it on: it answers 429 only when a key already
   * keeps the most sessions allowed, which gets its own code, {@code session_limit}.
   */
  public static Throwable explain(Throwable err) {
    return err instanceof ReplyException reply && reply.failureCode() == Failure.SESSION_LIMIT.status()
        ? new GatewayException(Failure.SESSION_LIMIT, reply.getMessage()) : err;
  }

  /** How often a store looks for idle sessions: half the idle time, from 1 s to 60 s. */
  public long sweepMillis() {
    return Math.max(1000, Math.min(60_000, idleMillis / 2));
  }
}
