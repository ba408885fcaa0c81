package dev.streamgate.turn;

import dev.streamgate.bus.JournalEntry;
import dev.streamgate.dialect.JournalFormat;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * Who reads a turn while it runs, and what their leaving means. The client that asked reads the answer
 * on its own request ({@code asker}, in the wire format {@code format} makes from the turn journal's
 * opening), or nobody yet: a turn asked into an event {@code channel}, which the channel's streams read
 * and which runs to its end whoever listens. An asker that {@code paces} the turn pauses the provider
 * while it cannot keep up; one that does not reads like any journal reader, dropped by the slow-reader
 * bounds if it stops. A {@code listed} turn can be found by its id (to resume, to stop) and waits
 * {@code graceNanos} for a reader to come back once its asker left (0: ends at once). {@code dialect}
 * labels the turn in metrics and logs; {@code owner} is the caller's API-key fingerprint (null when
 * keys are off), the only one who may read the turn back. {@code keeps}, when set, makes what the turn
 * keeps with its reply in the session (its {@code meta}) from the journal's entries, its last included
 * (the Responses API keeps the response object).
 */
public record Audience(String dialect, String clientIp, String owner, RoutingContext asker,
                       Function<JsonObject, JournalFormat> format, boolean paces, String channel, boolean listed,
                       long graceNanos, Function<List<JournalEntry>, JsonObject> keeps) {

  /** The asker reads the answer on its request, and its leaving ends the turn (OpenAI, the conversation API). */
  public static Audience asker(String dialect, RoutingContext ctx, String owner, Function<JsonObject, JournalFormat> format) {
    return new Audience(dialect, clientIp(ctx), owner, ctx, format, true, null, false, 0, null);
  }

  /**
   * The asker reads the answer, and may come back for the rest if its connection drops (the native API):
   * the turn waits {@code graceNanos} for it, then ends.
   */
  public static Audience resumable(String dialect, RoutingContext ctx, String owner,
                                   Function<JsonObject, JournalFormat> format, long graceNanos) {
    return new Audience(dialect, clientIp(ctx), owner, ctx, format, true, null, true, graceNanos, null);
  }

  /**
   * As {@link #resumable}, but the asker reads the turn's journal as the streams of a channel do, without
   * holding the turn back (seed 001's EventSource, {@code GET /events?message=}).
   */
  public static Audience follower(String dialect, RoutingContext ctx, String owner,
                                  Function<JsonObject, JournalFormat> format, long graceNanos) {
    return new Audience(dialect, clientIp(ctx), owner, ctx, format, false, null, true, graceNanos, null);
  }

  /** A turn asked into event channel {@code channel}: the request is answered at once, the channel's streams read it. */
  public static Audience channel(String dialect, String channel, String clientIp, String owner) {
    return new Audience(dialect, clientIp, owner, null, null, false, channel, true, 0, null);
  }

  /**
   * A turn nobody reads as it runs, found by its id and run to its end whoever reads it (a Responses
   * API response run in the background): the request is answered at once, and the turn's journal read
   * back later.
   */
  public static Audience background(String dialect, RoutingContext ctx, String owner) {
    return new Audience(dialect, clientIp(ctx), owner, null, null, false, null, true, 0, null);
  }

  /**
   * The asker reads the answer as a journal reader (no pacing), and the turn runs to its end whether it
   * stays or not (a Responses API response run in the background and streamed): it may come back.
   */
  public static Audience detached(String dialect, RoutingContext ctx, String owner,
                                  Function<JsonObject, JournalFormat> format) {
    return new Audience(dialect, clientIp(ctx), owner, ctx, format, false, null, true, Long.MAX_VALUE, null);
  }

  /** This audience, with what the turn keeps with its reply made by {@code keeps}. */
  public Audience keeping(Function<List<JournalEntry>, JsonObject> keeps) {
    return new Audience(dialect, clientIp, owner, asker, format, paces, channel, listed, graceNanos, keeps);
  }

  /** The address of the client that sent {@code ctx}'s request, as logs show it. */
  public static String clientIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }
}
