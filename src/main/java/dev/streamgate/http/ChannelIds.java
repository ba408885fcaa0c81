package dev.streamgate.http;

import dev.streamgate.GatewayException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which event channel a request belongs to. The seed pages open {@code EventSource('/events')} and
 * {@code fetch('/conversation')} on their own origin with no ids in the code, so a cookie set when a
 * channel is first used ties them; a {@code channel} query parameter names one explicitly (for clients
 * without cookies). The channel's id is also its conversation's session id. Each channel wire format
 * has its own cookie, so a page of each on one origin keeps its own conversation.
 */
final class ChannelIds {

  /** Seed 000's page ({@code GET /events}, {@code POST /conversation}): the name its pages have always had. */
  static final String EVENTS_COOKIE = "streamgate_channel";
  /** Seed 002's page ({@code GET} and {@code POST /api/streaming}). */
  static final String STREAMING_COOKIE = "streamgate_streaming_channel";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private ChannelIds() {
  }

  /** The request's channel id; a new one (and {@code cookieName} set to it on the response) when it has none. */
  static String of(RoutingContext ctx, String cookieName) {
    String named = ctx.request().getParam("channel");
    if (named == null) {
      Cookie cookie = ctx.request().getCookie(cookieName);
      named = cookie == null ? null : cookie.getValue();
    }
    if (named == null) {
      String created = UUID.randomUUID().toString();
      ctx.response().addCookie(Cookie.cookie(cookieName, created).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.LAX));
      return created;
    }
    if (!VALID.matcher(named).matches()) {
      throw GatewayException.badRequest("The channel id must be 1 to 128 letters, digits, '-' or '_'");
    }
    return named;
  }

  /** The key the channel is kept under: with API keys on, each key has its own channels. */
  static String key(RoutingContext ctx, String channelId) {
    String owner = ApiKeys.owner(ctx);
    return owner == null ? channelId : owner + '/' + channelId;
  }
}
