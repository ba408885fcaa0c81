package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import dev.streamgate.bus.ToolCall;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gemini's {@code streamGenerateContent?alt=sse}: each event is a whole {@code GenerateContentResponse}
 * with a piece of each answer ({@code candidates[].index}: which one, absent for the first). Text parts
 * are the answer, thought parts ({@code thought: true}) reasoning, a {@code functionCall} part a whole
 * tool call, streamed as its start and its arguments in one fragment, its {@code thoughtSignature} (if
 * any) riding in the call's id ({@link ToolCall}); an empty part carrying only a {@code thoughtSignature}
 * (one for text, which Gemini does not require back) is skipped; a part of what no dialect here carries
 * (an image an image model made, code it ran) ends the turn with an error that names it, rather than
 * vanish. Usage comes, cumulative, in
 * {@code usageMetadata}. There is no end marker: the response ends after the last event.
 *
 * <p>Each answer's {@code finishReason} ends it: the first answer's is the turn's, another's (several
 * were asked, {@code n}) streams as a finish delta of its own. {@code STOP} after a function call is
 * {@code tool_calls}. A prompt blocked ({@code promptFeedback.blockReason}), or a first answer withheld
 * (safety and the like), is an error, not an answer; another answer withheld ends as
 * {@code content_filter} (or {@code error}), so the others still arrive.
 */
final class GeminiReader implements StreamReader {

  /** Parts of an answer that Streamgate cannot relay: media, and code Gemini's own tool ran. */
  private static final List<String> UNRELAYABLE = List.of("inlineData", "fileData", "executableCode",
      "codeExecutionResult");
  /** Finish reasons that mean the answer was withheld for what it said. */
  private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
      "SPII", "IMAGE_SAFETY");
  /** Finish reasons that mean the answer was cut short by something else. */
  private static final Set<String> BROKEN = Set.of("LANGUAGE", "MALFORMED_FUNCTION_CALL", "OTHER",
      "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS");

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private final String callIds;
  /** Per answer index: how many tool calls it made so far. */
  private final Map<Integer, Integer> calls = new HashMap<>();
  private int callCount;
  private String finishReason;
  private Usage usage;

  GeminiReader(ChunkSink sink, ProviderErrors errors) {
    this(sink, errors, "call_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36) + "_");
  }

  /**
   * {@code callIds}: the prefix of the ids given to calls Gemini names none for (its API leaves
   * {@code functionCall.id} empty); random per answer, so a conversation's ids never repeat.
   */
  GeminiReader(ChunkSink sink, ProviderErrors errors, String callIds) {
    this.sink = sink;
    this.errors = errors;
    this.callIds = callIds;
  }

  @Override
  public void onEvent(String type, String data) {
    try {
      read(json(data));
    } catch (ClassCastException wrongType) { // a field of another JSON type than the API's (Vert.x getters cast)
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }

  private void read(JsonObject event) {
    if (event.getValue("error") instanceof JsonObject error) {
      int code = error.getInteger("code", 500);
      String message = errors.reported(error.getString("status", "") + " " + error.getString("message", ""));
      throw new ProviderFailure(new UpstreamFailure(Failure.UPSTREAM_ERROR, message, code == 429 || code >= 500, 0));
    }
    JsonObject feedback = event.getJsonObject("promptFeedback");
    if (feedback != null && feedback.getString("blockReason") != null) {
      throw blocked("blocked the prompt: " + feedback.getString("blockReason"));
    }
    if (event.getValue("usageMetadata") instanceof JsonObject meta) {
      long thoughts = meta.getLong("thoughtsTokenCount", 0L);
      // OpenAI's completion tokens include the reasoning; Gemini counts the thoughts apart.
      usage = new Usage(meta.getLong("promptTokenCount", 0L), meta.getLong("candidatesTokenCount", 0L) + thoughts,
          meta.getLong("cachedContentTokenCount", 0L), thoughts);
    }
    for (Object candidate : Json.array(event, "candidates")) {
      readCandidate((JsonObject) candidate);
    }
  }

  private void readCandidate(JsonObject candidate) {
    int choice = candidate.getInteger("index", 0);
    JsonObject content = Json.object(candidate, "content");
    for (Object part : Json.array(content, "parts")) {
      readPart(choice, (JsonObject) part);
    }
    String reason = candidate.getString("finishReason");
    if (reason != null && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
      finish(choice, reason);
    }
  }

  private void readPart(int choice, JsonObject part) {
    if (part.getValue("functionCall") instanceof JsonObject call && call.getValue("name") instanceof String name) {
      int tool = calls.merge(choice, 1, Integer::sum) - 1;
      String own = call.getValue("id") instanceof String given && !given.isEmpty() ? given : callIds + callCount;
      callCount++;
      String id = ToolCall.signed(own, part.getValue("thoughtSignature") instanceof String s ? s : null);
      sink.delta(Delta.toolCall(choice, tool, id, name));
      sink.delta(Delta.toolArguments(choice, tool, Json.object(call, "args").encode()));
    } else if (part.getValue("text") instanceof String text && !text.isEmpty()) {
      sink.delta(part.getBoolean("thought", false) ? Delta.reasoning(choice, text) : Delta.text(choice, text));
    } else {
      unrelayable(part);
    }
  }

  private void unrelayable(JsonObject part) {
    for (String kind : UNRELAYABLE) {
      if (part.getValue(kind) instanceof JsonObject what) {
        String type = what.getValue("mimeType") instanceof String mime ? " (" + mime + ")" : "";
        throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_ERROR,
            errors.unrelayable("a part of " + kind + type)));
      }
    }
  }

  private void finish(int choice, String reason) {
    boolean filtered = FILTERED.contains(reason);
    if (choice == 0 && (filtered || BROKEN.contains(reason))) {
      throw blocked("stopped the answer: " + reason);
    }
    String normalized = filtered ? "content_filter" : BROKEN.contains(reason) ? "error"
        : reason.equals("STOP") && calls.containsKey(choice) ? "tool_calls" : FinishReasons.normalize(reason);
    if (choice == 0) {
      finishReason = normalized;
    } else {
      sink.delta(Delta.finish(choice, normalized));
    }
  }

  @Override
  public void onEnd() {
    if (finishReason == null) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
    sink.done(finishReason, usage);
  }

  private ProviderFailure blocked(String what) {
    return new ProviderFailure(UpstreamFailure.fatal(Failure.CONTENT_BLOCKED, errors.reported(what)));
  }

  private JsonObject json(String data) {
    try {
      return new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }
}
