package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.bus.Delta;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Gemini's {@code streamGenerateContent?alt=sse}: each event is a whole {@code GenerateContentResponse};
 * the text is in {@code candidates[0].content.parts[].text} (thought parts are reasoning), usage in
 * {@code usageMetadata}. A blocked prompt ({@code promptFeedback.blockReason}) or a safety-like finish
 * reason is an error, not an answer. There is no end marker: the response ends after the last event.
 */
final class GeminiReader implements StreamReader {

  /** Finish reasons that mean the answer was withheld, not completed. */
  private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
      "SPII", "LANGUAGE", "IMAGE_SAFETY", "MALFORMED_FUNCTION_CALL", "OTHER");

  private final ChunkSink sink;
  private final ProviderErrors errors;
  private String finishReason;
  private Usage usage;

  GeminiReader(ChunkSink sink, ProviderErrors errors) {
    this.sink = sink;
    this.errors = errors;
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
      usage = new Usage(meta.getLong("promptTokenCount", 0L), meta.getLong("candidatesTokenCount", 0L));
    }
    JsonArray candidates = event.getJsonArray("candidates");
    if (candidates != null && !candidates.isEmpty()) {
      readCandidate(candidates.getJsonObject(0));
    }
  }

  private void readCandidate(JsonObject candidate) {
    JsonObject content = candidate.getJsonObject("content", new JsonObject());
    for (Object part : content.getJsonArray("parts", new JsonArray())) {
      if (part instanceof JsonObject p && p.getValue("text") instanceof String text) {
        sink.delta(p.getBoolean("thought", false) ? Delta.reasoning(0, text) : Delta.text(text));
      }
    }
    String reason = candidate.getString("finishReason");
    if (reason != null && BLOCKED.contains(reason)) {
      throw blocked("stopped the answer: " + reason);
    }
    if (reason != null) {
      finishReason = FinishReasons.normalize(reason);
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
