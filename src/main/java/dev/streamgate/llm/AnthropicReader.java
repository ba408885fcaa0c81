package dev.streamgate.llm;

import dev.streamgate.Failure;
import dev.streamgate.Json;
import dev.streamgate.bus.Delta;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Anthropic's Messages stream (https://docs.anthropic.com/en/docs/build-with-claude/streaming):
 * {@code message_start} (the prompt's usage), content blocks ({@code content_block_start}, deltas,
 * {@code content_block_stop}), {@code message_delta} (stop reason, usage so far), {@code message_stop};
 * {@code ping} is ignored and {@code event: error} ends the turn (overloaded and API errors may be retried).
 *
 * <p>A {@code text_delta} is answer text, a {@code thinking_delta} reasoning. A {@code tool_use} block
 * starts a tool call, numbered from 0 among the answer's calls (not by its block index), and its
 * {@code input_json_delta} fragments are the call's arguments; the answer tool's (the turn asked for a
 * JSON answer: {@link AnthropicTools#answerTool}) are the answer's text instead, and a stop for that call
 * alone is a plain stop.
 *
 * <p>A thinking block's {@code signature_delta} is the reasoning's signature, and a
 * {@code redacted_thinking} block's {@code data} reasoning Anthropic encrypted: a client of the Anthropic
 * dialect sends both back in a tool loop (Anthropic keeps thinking on for the rest of a loop only when
 * it gets them back: extended thinking, "Preserving thinking blocks"; without them it turns thinking
 * off rather than refuse, "Toggling thinking modes").
 *
 * <p>Usage: Anthropic counts the prompt's tokens apart ({@code input_tokens} not cached,
 * {@code cache_creation_input_tokens} written to the cache, {@code cache_read_input_tokens} read from it);
 * the prompt is their sum, of which the last are cached. {@code message_delta} counts are cumulative.
 */
final class AnthropicReader implements StreamReader {

  /** A block index's tool: the answer tool's blocks are {@code ANSWER}. */
  private static final int ANSWER = -1;

  private final ChunkSink sink;
  private final ProviderErrors errors;
  /** The name of the turn's answer tool; null when it has none (a call of any name is then the client's). */
  private final String answerTool;
  private final Map<Integer, Integer> toolsByBlock = new HashMap<>();
  private final long[] usage = new long[4]; // input, cache creation, cache read, output
  private int tools;
  private String stopReason;
  private boolean finished;

  AnthropicReader(ChunkSink sink, ProviderErrors errors, String answerTool) {
    this.sink = sink;
    this.errors = errors;
    this.answerTool = answerTool;
  }

  @Override
  public void onEvent(String type, String data) {
    try {
      read(type, data);
    } catch (ClassCastException wrongType) { // a field of another JSON type than the API's (Vert.x getters cast)
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }

  private void read(String type, String data) {
    switch (type) {
      case "message_start" -> count(Json.object(json(data), "message").getJsonObject("usage"));
      case "content_block_start" -> start(json(data));
      case "content_block_delta" -> delta(json(data));
      case "message_delta" -> {
        JsonObject event = json(data);
        stopReason = Json.object(event, "delta").getString("stop_reason", stopReason);
        count(event.getJsonObject("usage"));
      }
      case "message_stop" -> {
        finished = true;
        sink.done(finishReason(), new Usage(usage[0] + usage[1] + usage[2], usage[3], usage[2], 0));
      }
      case "error" -> throw new ProviderFailure(failure(Json.object(json(data), "error")));
      default -> {
        // ping, content_block_stop and future event types carry nothing the client needs.
      }
    }
  }

  private void start(JsonObject event) {
    JsonObject block = Json.object(event, "content_block");
    int index = event.getInteger("index", 0);
    if ("redacted_thinking".equals(block.getString("type"))) {
      sink.delta(Delta.redactedReasoning(0, block.getString("data", "")));
    }
    if (!"tool_use".equals(block.getString("type"))) {
      toolsByBlock.remove(index); // server tools' input (web search) is not the client's to see
      return;
    }
    if (answerTool != null && answerTool.equals(block.getString("name"))) {
      toolsByBlock.put(index, ANSWER);
    } else {
      toolsByBlock.put(index, tools);
      sink.delta(Delta.toolCall(0, tools++, block.getString("id"), block.getString("name")));
    }
  }

  private void delta(JsonObject event) {
    JsonObject delta = Json.object(event, "delta");
    switch (Objects.requireNonNullElse(delta.getString("type"), "")) { // "type": null is no type
      case "text_delta" -> sink.text(delta.getString("text"));
      case "thinking_delta" -> sink.delta(Delta.reasoning(0, delta.getString("thinking")));
      case "signature_delta" -> sink.delta(Delta.reasoningSignature(0, delta.getString("signature", "")));
      case "input_json_delta" -> {
        Integer tool = toolsByBlock.get(event.getInteger("index", 0));
        String fragment = delta.getString("partial_json", "");
        if (tool != null && !fragment.isEmpty()) {
          sink.delta(tool == ANSWER ? Delta.text(fragment) : Delta.toolArguments(0, tool, fragment));
        }
      }
      default -> {
        // citations_delta and future delta types.
      }
    }
  }

  /** The stop reason in the gateway's words; a stop to give the JSON answer alone is a plain stop. */
  private String finishReason() {
    if ("tool_use".equals(stopReason) && tools == 0 && toolsByBlock.containsValue(ANSWER)) {
      return "stop";
    }
    return "model_context_window_exceeded".equals(stopReason) ? "length" : FinishReasons.normalize(stopReason);
  }

  /** Takes the counts {@code usage} holds; each only grows, as later events repeat or raise earlier ones. */
  private void count(JsonObject counts) {
    if (counts == null) {
      return;
    }
    String[] names = {"input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens"};
    for (int i = 0; i < names.length; i++) {
      Long value = counts.getLong(names[i]);
      usage[i] = value == null ? usage[i] : Math.max(usage[i], value);
    }
  }

  @Override
  public void onEnd() {
    if (!finished) {
      throw new ProviderFailure(UpstreamFailure.transientFailure(Failure.UPSTREAM_PROTOCOL, errors.endedEarly()));
    }
  }

  private UpstreamFailure failure(JsonObject error) {
    String kind = error.getString("type", "error");
    String message = errors.reported(kind + ": " + error.getString("message", ""));
    boolean retryable = kind.equals("overloaded_error") || kind.equals("api_error") || kind.equals("rate_limit_error");
    return new UpstreamFailure(Failure.UPSTREAM_ERROR, message, retryable, 0);
  }

  private JsonObject json(String data) {
    try {
      return new JsonObject(data);
    } catch (DecodeException | ClassCastException e) {
      throw new ProviderFailure(UpstreamFailure.fatal(Failure.UPSTREAM_PROTOCOL, errors.malformed(data)));
    }
  }
}
