package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChannelAsk;
import dev.streamgate.bus.ToolRefused;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.cluster.ChannelHomes;
import dev.streamgate.dialect.EventId;
import dev.streamgate.dialect.EventJsonFormat;
import dev.streamgate.dialect.JournalFormat;
import dev.streamgate.dialect.LiveAnswerFormat;
import dev.streamgate.dialect.TokenEventsFormat;
import dev.streamgate.journal.Channels;
import dev.streamgate.journal.Journals;
import dev.streamgate.journal.RemoteChannel;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.EventStream;
import dev.streamgate.turn.StreamRegistry;
import dev.streamgate.turn.TurnStarter;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The event-channel dialects of the seeds: the answer does not come back on the request that asks.
 * <ul>
 *   <li>000: {@code GET /events} is the channel; {@code POST /conversation} answers 202 at once and
 *   its turn streams into the channel (cumulative {@code message} events, one {@code done}).</li>
 *   <li>002: {@code POST /api/streaming} ({@code {prompt}}), then {@code GET /api/streaming}, possibly
 *   later, gets {@code newToken} events and one {@code end}: nothing produced before it connected is
 *   lost, nothing is sent twice.</li>
 *   <li>001: {@code GET /events?message=…} streams that message's answer as JSON {@code {event, data}}
 *   messages, after the seed's welcome message, and closes; {@code GET /hello} (the seed's Flask
 *   resource) does the same for a greeting ({@link #HELLO}). An EventSource reconnecting with
 *   {@code Last-Event-ID} resumes after that event, or gets 204 (which stops it) once the turn has been
 *   read to the end.</li>
 * </ul>
 * Every event has the id {@code <turn id>:<seq>}; a channel stream reconnecting with it resumes there.
 * In a cluster, each channel is kept by one node ({@link ChannelHomes}), which runs its turns; the
 * others hand it the channel's turns and read its streams through it, so a page works whichever node
 * each of its requests reaches.
 */
final class ChannelRoutes {

  /** What {@code GET /hello} asks the model: seed 001's {@code Hello} resource streams a greeting. */
  static final String HELLO = "Hello!";

  private final TurnStarter turns;
  private final Channels channels;
  private final ChannelHomes homes;
  private final Journals journals;
  private final StreamRegistry streams;
  private final EventBus bus;
  private final int maxMessageChars;
  private final long graceNanos;

  ChannelRoutes(TurnStarter turns, Channels channels, ChannelHomes homes, Journals journals, StreamRegistry streams,
                EventBus bus, int maxMessageChars, long graceNanos) {
    this.turns = turns;
    this.channels = channels;
    this.homes = homes;
    this.journals = journals;
    this.streams = streams;
    this.bus = bus;
    this.maxMessageChars = maxMessageChars;
    this.graceNanos = graceNanos;
  }

  void mount(Router router) {
    router.get("/events").handler(ctx -> {
      String message = ctx.request().getParam("message");
      if (message == null) {
        listen(ctx, ChannelIds.EVENTS_COOKIE, LiveAnswerFormat::new);
      } else {
        answer(ctx, message);
      }
    });
    router.get("/hello").handler(ctx -> answer(ctx, HELLO));
    router.post("/conversation").handler(ctx -> ask(ctx, ChannelIds.EVENTS_COOKIE, "text"));
    router.get("/api/streaming").handler(ctx -> listen(ctx, ChannelIds.STREAMING_COOKIE, TokenEventsFormat::new));
    router.post("/api/streaming").handler(ctx -> ask(ctx, ChannelIds.STREAMING_COOKIE, "prompt"));
  }

  /**
   * Serves the turns other nodes of the cluster are asked into the channels this node keeps
   * ({@link Addresses#channel}); registered before the verticle takes requests.
   */
  Future<Void> serveOtherNodes(String node) {
    return bus.<JsonObject>consumer(Addresses.channel(node), msg -> startHere(ChannelAsk.fromJson(msg.body()))
            .onSuccess(msg::reply)
            .onFailure(err -> {
              if (!ToolRefused.replied(msg, err)) {
                GatewayException failure = GatewayException.from(err);
                msg.fail(failure.status(), failure.getMessage());
              }
            }))
        .completion();
  }

  /**
   * A stream on the caller's channel: the turns it has not read yet, then every new one. A channel
   * another node of the cluster keeps is read through that node.
   */
  private void listen(RoutingContext ctx, String cookie, Supplier<JournalFormat> format) {
    String key = ChannelIds.key(ctx, ChannelIds.of(ctx, cookie));
    EventId resume = EventId.parse(ctx.request().getHeader("Last-Event-ID"));
    homes.remoteHome(key).onSuccess(home -> {
      if (ctx.response().closed()) {
        return; // the client left while the cluster was asked
      }
      if (home != null) {
        RemoteChannel listening = journals.listen(home, key, resume);
        listening.start(EventStream.open(ctx, format.get(), false, streams, left -> listening.leave()));
        return;
      }
      EventStream stream = EventStream.open(ctx, format.get(), false, streams, left -> channels.leave(key, left));
      channels.listen(key, stream, resume);
    }).onFailure(ctx::fail);
  }

  /**
   * A turn into the caller's channel; the request is answered as soon as the turn has started, by the
   * node that keeps the channel.
   */
  private void ask(RoutingContext ctx, String cookie, String textField) {
    ChatRequest request = ChatRequest.channel(JsonBodies.required(ctx), textField, maxMessageChars);
    String channel = ChannelIds.of(ctx, cookie);
    String key = ChannelIds.key(ctx, channel);
    String session = request.sessionId() == null ? channel : request.sessionId();
    ChannelAsk ask = new ChannelAsk(key, new TurnBegin(session, request.message(), request.model(), true,
        ApiKeys.owner(ctx)), Audience.clientIp(ctx), "channel");
    homes.remoteHome(key)
        .compose(home -> home == null ? startHere(ask)
            : bus.<JsonObject>request(Addresses.channel(home), ask.toJson()).map(Message::body))
        .onSuccess(turn -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
            .putHeader("X-Request-Id", turn.getString("turn_id"))
            .end(new JsonObject().put("status", "streaming").put("channel", channel)
                .put("conversation_id", turn.getString("session_id")).put("message_id", turn.getString("turn_id"))
                .toBuffer()))
        .onFailure(ctx::fail);
  }

  /** Starts the turn in its channel, which this node keeps: {@code {turn_id, session_id}} once it has started. */
  private Future<JsonObject> startHere(ChannelAsk ask) {
    return turns.start(ask.begin(), Audience.channel(ask.dialect(), ask.channel(), ask.clientIp(), ask.begin().owner()))
        .map(turn -> new JsonObject().put("turn_id", turn.turnId()).put("session_id", turn.sessionId()));
  }

  /** Seed 001: this message's answer on this request, or the rest of it for a reconnecting EventSource. */
  private void answer(RoutingContext ctx, String text) {
    EventId resume = EventId.parse(ctx.request().getHeader("Last-Event-ID"));
    if (resume != null) {
      // Read to the end, or unknown here: 204 tells an EventSource to stop. Any node of a cluster can resume it.
      journals.find(resume.turnId(), resume.seq(), ApiKeys.owner(ctx))
          .onSuccess(reading -> EventStream.read(ctx, reading, opening -> new EventJsonFormat(null), streams))
          .onFailure(err -> {
            if (GatewayException.from(err).status() == 404 && !ctx.response().headWritten()) {
              ctx.response().setStatusCode(204).end();
            } else {
              ctx.fail(err);
            }
          });
      return;
    }
    String message = ChatRequest.message(text, "message", maxMessageChars);
    String session = ChatRequest.id(ctx.request().getParam("session_id"), "session_id");
    String owner = ApiKeys.owner(ctx);
    TurnBegin begin = new TurnBegin(session, message, ChatRequest.id(ctx.request().getParam("model"), "model"),
        session != null, owner);
    turns.start(begin, Audience.follower("events", ctx, owner,
            opening -> new EventJsonFormat(opening.getString("turn_id")), graceNanos))
        .onFailure(ctx::fail);
  }
}
