package dev.streamgate.http;

import dev.streamgate.GatewayException;
import dev.streamgate.bus.Addresses;
import dev.streamgate.bus.ChatMessage;
import dev.streamgate.bus.JournalEntry;
import dev.streamgate.bus.LoopAffinity;
import dev.streamgate.bus.ToolRefused;
import dev.streamgate.bus.TurnBegin;
import dev.streamgate.config.GatewayConfig;
import dev.streamgate.dialect.ResponsesFormat;
import dev.streamgate.dialect.ResponsesInputItems;
import dev.streamgate.dialect.ResponsesRequest;
import dev.streamgate.dialect.ToolRefusalWords;
import dev.streamgate.journal.Journals;
import dev.streamgate.session.SessionLimits;
import dev.streamgate.turn.Audience;
import dev.streamgate.turn.EventStream;
import dev.streamgate.turn.StreamRegistry;
import dev.streamgate.turn.TurnStarter;
import dev.streamgate.turn.TurnStream;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * OpenAI's Responses API: {@code POST /v1/responses}, and for a stored response {@code GET} (with
 * {@code ?stream=true&starting_after=N}, its events after {@code N}, each once, while its turn's journal
 * is kept), {@code GET …/input_items} (what it was given), {@code DELETE} and {@code POST …/cancel}. A
 * response's id is {@code resp_<turn id>}, so any node of a cluster finds the turn that makes it. A
 * stored response is a session of the session service named by that id: the whole conversation up to
 * it, and the response object as its {@code meta}; one that continues another
 * ({@code previous_response_id}) starts a new session copying the other's conversation, so responses
 * branch and never change once made. With {@code store: false} nothing is kept: the turn runs without a
 * session.
 */
final class ResponsesRoutes {


  private final TurnStarter turns;
  private final EventBus bus;
  private final Journals journals;
  private final StreamRegistry streams;
  private final GatewayConfig config;
  private final long graceNanos;

  ResponsesRoutes(TurnStarter turns, EventBus bus, Journals journals, StreamRegistry streams, GatewayConfig config,
                  long graceNanos) {
    this.turns = turns;
    this.bus = bus;
    this.journals = journals;
    this.streams = streams;
    this.config = config;
    this.graceNanos = graceNanos;
  }

  void mount(Router router) {
    router.post("/v1/responses").handler(this::create);
    router.get("/v1/responses/:id").handler(this::retrieve);
    router.get("/v1/responses/:id/input_items").handler(this::inputItems);
    router.delete("/v1/responses/:id").handler(this::delete);
    router.post("/v1/responses/:id/cancel").handler(this::cancel);
  }

  private void create(RoutingContext ctx) {
    ResponsesRequest request = ResponsesRequest.parse(JsonBodies.required(ctx), config.http().maxMessageChars());
    String owner = ApiKeys.owner(ctx);
    String turnId = turns.newTurnId();
    String id = StoredResponse.PREFIX + turnId;
    long createdAt = System.currentTimeMillis() / 1000;
    String model = request.model() != null ? request.model() : config.llm().defaultModel();
    Function<JsonObject, ResponsesFormat> format = opening -> new ResponsesFormat(id, request.request(),
        opening == null ? model : opening.getString("model", model), createdAt, request.stream(), -1,
        request.sealing());
    if (!request.store()) {
      previousConversation(request.previousResponseId(), owner)
          .compose(before -> turns.start(turnId, owner, request.model(), config.llm().defaultModel(),
              join(before, request.input()), request.options(),
              concrete -> Audience.resumable("responses", ctx, owner, opening -> format.apply(opening), graceNanos)))
          .onFailure(ctx::fail);
      return;
    }
    Function<List<JournalEntry>, JsonObject> keeps = entries -> StoredResponse.meta(format.apply(null).record(entries),
        request.sealing());
    ResponsesFormat started = format.apply(null);
    TurnBegin begin = new TurnBegin(id, request.input(), request.model(), true, owner, request.previousResponseId(),
        StoredResponse.meta(started.started(request.background() ? "queued" : "in_progress"), request.sealing()),
        true);
    Audience audience = request.background() && !request.stream() ? Audience.background("responses", ctx, owner)
        : request.background() ? Audience.detached("responses", ctx, owner, opening -> format.apply(opening))
        : Audience.resumable("responses", ctx, owner, opening -> format.apply(opening), graceNanos);
    Future<TurnStream> turn = turns.start(turnId, begin, request.options(), audience.keeping(keeps))
        .recover(err -> Future.failedFuture(inResponsesWords(err, request.previousResponseId())));
    if (request.background() && !request.stream()) {
      turn.onSuccess(running -> ctx.json(started.started("queued")));
    }
    turn.onFailure(ctx::fail);
  }

  /** The conversation a response not stored continues: the previous one's, or none. */
  private Future<List<ChatMessage>> previousConversation(String previous, String owner) {
    if (previous == null) {
      return Future.succeededFuture(List.of());
    }
    return stored(previous, owner).map(StoredResponse::conversation);
  }

  private static List<ChatMessage> join(List<ChatMessage> before, List<ChatMessage> input) {
    List<ChatMessage> all = new ArrayList<>(before);
    all.addAll(input);
    return all;
  }

  /**
   * The stored response, or 404; {@code ?stream=true} reads its turn's events after {@code starting_after}.
   * {@code include=reasoning.encrypted_content}: its events seal their reasoning; the object kept has its
   * reasoning sealed only if it was made so (asked of one that was not and has reasoning: 400).
   */
  private void retrieve(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String owner = ApiKeys.owner(ctx);
    boolean sealing = ResponsesInputItems.sealing(ctx.queryParams());
    Future<StoredResponse> stored = stored(id, owner);
    if (!"true".equals(ctx.request().getParam("stream"))) {
      stored.map(kept -> responseObject(kept.sealable(sealing))).onSuccess(ctx::json).onFailure(ctx::fail);
      return;
    }
    long after = startingAfter(ctx);
    stored.compose(kept -> journals.find(kept.turnId(), 0, owner)
            .recover(err -> Future.failedFuture(GatewayException.notFound("The events of response '" + id
                + "' are no longer kept (they are for RESUME_SECONDS after it ends); GET it without stream=true")))
            .onSuccess(reading -> {
              JsonObject meta = responseObject(kept);
              EventStream.read(ctx, reading, opening -> new ResponsesFormat(id, meta, meta.getString("model"),
                  meta.getLong("created_at"), true, after, sealing || kept.sealing()), streams);
            }))
        .onFailure(ctx::fail);
  }

  /** The items a stored response was given ({@link ResponsesInputItems}), a page at a time. */
  private void inputItems(RoutingContext ctx) {
    ResponsesInputItems.Query query = ResponsesInputItems.Query.of(ctx.queryParams());
    stored(ctx.pathParam("id"), ApiKeys.owner(ctx))
        .map(kept -> ResponsesInputItems.list(kept.id(), kept.inputs(), query))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String owner = ApiKeys.owner(ctx);
    stored(id, owner)
        .compose(session -> LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_DELETE,
            new JsonObject().put("session_id", id).put("owner", owner)))
        .onSuccess(deleted -> ctx.json(new JsonObject().put("id", id).put("object", "response").put("deleted", true)))
        .onFailure(ctx::fail);
  }

  /** Stops a running response; answers the response once its turn has ended (cancelled, or as it ended). */
  private void cancel(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String owner = ApiKeys.owner(ctx);
    stored(id, owner).compose(kept -> {
      String turnId = kept.turnId();
      JsonObject meta = responseObject(kept);
      if (!StoredResponse.RUNNING.contains(meta.getString("status"))) {
        ctx.json(meta);
        return Future.succeededFuture();
      }
      return journals.stop(turnId, owner).compose(stopped -> journals.find(turnId, 0, owner))
          .compose(reading -> {
            if (reading.ended()) {
              return answerAsStored(ctx, id, owner); // it ended as the meta was read: its reply is stored
            }
            EventStream.read(ctx, reading, opening -> ResponsesFormat.whole(id, meta, kept.sealing()), streams);
            return Future.succeededFuture();
          })
          // Its journal is gone (a node lost, or RESUME_SECONDS past): the session has what was kept.
          .recover(err -> answerAsStored(ctx, id, owner));
    }).onFailure(ctx::fail);
  }

  /** Answers the stored response as the session now holds it. */
  private Future<Void> answerAsStored(RoutingContext ctx, String id, String owner) {
    return stored(id, owner).map(this::responseObject).onSuccess(ctx::json).mapEmpty();
  }

  /** The session that keeps response {@code id}, with its meta; 404 when there is none (or another key's). */
  private Future<StoredResponse> stored(String id, String owner) {
    if (!id.startsWith(StoredResponse.PREFIX)) {
      return Future.failedFuture(notFound(id));
    }
    return LoopAffinity.<JsonObject>request(bus, Addresses.SESSION_GET, new JsonObject().put("session_id", id)
            .put("owner", owner))
        .map(Message::body)
        .recover(err -> Future.failedFuture(SessionLimits.explain(err)))
        .compose(session -> StoredResponse.keepsOne(session) ? Future.succeededFuture(new StoredResponse(id, session))
            : Future.<StoredResponse>failedFuture(notFound(id)))
        .recover(err -> Future.failedFuture(err instanceof GatewayException known && known.status() != 404 ? err
            : notFound(id)));
  }

  /** The response object {@code kept} holds, as it stands ({@link StoredResponse#object}). */
  private JsonObject responseObject(StoredResponse kept) {
    return kept.object(journals.lost(kept.turnId()));
  }

  private static GatewayException notFound(String id) {
    return GatewayException.notFound("No response found with id '" + id + "'");
  }

  /**
   * The session service's refusals in this API's words: a previous response that is not there (or
   * another key's) is the client's mistake, named (404); tool results that do not answer the calls
   * awaiting them are function_call_output items of {@code input}.
   */
  private static Throwable inResponsesWords(Throwable err, String previous) {
    if (err instanceof ToolRefused refused) {
      return ToolRefusalWords.inResponsesWords(refused.refusal());
    }
    if (previous != null && GatewayException.from(err).status() == 404) {
      return GatewayException.notFound("Previous response with id '" + previous + "' not found");
    }
    return err;
  }

  private static long startingAfter(RoutingContext ctx) {
    String value = ctx.request().getParam("starting_after");
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      long after = Long.parseLong(value.trim());
      if (after >= -1) {
        return after;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GatewayException.invalid("starting_after", "'starting_after' must be the sequence number of an event of"
        + " the response, a whole number from 0");
  }
}
