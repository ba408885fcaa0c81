package dev.streamgate.bus;

import io.vertx.core.json.JsonObject;

/**
 * One typed piece of what a model streams, in order, never flattened to text on the way: answer text,
 * a refusal (OpenAI's {@code refusal}: the model declining, in words, in place of the answer asked for,
 * such as a structured output; what the text-only dialects show and sessions keep as answer text),
 * reasoning, the signature that seals the reasoning before it (opaque, in {@code text}: Anthropic's, which
 * a client sends back with that reasoning in a tool loop), reasoning the provider encrypted (opaque data
 * in {@code text}: Anthropic's redacted thinking, to be sent back likewise), the start of a tool call
 * ({@code tool}: its index within the answer, {@code id}, the function's {@code name}), a fragment of that
 * call's arguments (JSON text, in {@code text}), or the end of one answer ({@code text}: its finish
 * reason; sent when several answers stream at once).
 * {@code choice}: which answer, 0 unless the client asked for several ({@code n}).
 *
 * <p>JSON: {@code {kind, choice, text?, tool?, id?, name?}}, {@code kind} one of {@code text},
 * {@code refusal}, {@code reasoning}, {@code reasoning_signature}, {@code redacted_reasoning}, {@code tool_call},
 * {@code tool_arguments}, {@code finish}.
 */
public record Delta(Kind kind, int choice, String text, int tool, String id, String name) {

  public enum Kind {
    TEXT, REFUSAL, REASONING, REASONING_SIGNATURE, REDACTED_REASONING, TOOL_CALL, TOOL_ARGUMENTS, FINISH;

    String wire() {
      return name().toLowerCase();
    }
  }

  public static Delta text(String text) {
    return new Delta(Kind.TEXT, 0, text, 0, null, null);
  }

  public static Delta text(int choice, String text) {
    return new Delta(Kind.TEXT, choice, text, 0, null, null);
  }

  public static Delta refusal(int choice, String text) {
    return new Delta(Kind.REFUSAL, choice, text, 0, null, null);
  }

  public static Delta reasoning(int choice, String text) {
    return new Delta(Kind.REASONING, choice, text, 0, null, null);
  }

  public static Delta reasoningSignature(int choice, String signature) {
    return new Delta(Kind.REASONING_SIGNATURE, choice, signature, 0, null, null);
  }

  public static Delta redactedReasoning(int choice, String data) {
    return new Delta(Kind.REDACTED_REASONING, choice, data, 0, null, null);
  }

  public static Delta toolCall(int choice, int tool, String id, String name) {
    return new Delta(Kind.TOOL_CALL, choice, null, tool, id, name);
  }

  public static Delta toolArguments(int choice, int tool, String fragment) {
    return new Delta(Kind.TOOL_ARGUMENTS, choice, fragment, tool, null, null);
  }

  public static Delta finish(int choice, String reason) {
    return new Delta(Kind.FINISH, choice, reason, 0, null, null);
  }

  /**
   * True for what only Anthropic's API takes back (a signature, encrypted reasoning): the Anthropic
   * Messages dialect streams it, a whole OpenAI chat completion carries it as {@code thinking_blocks},
   * and a session keeps it; the other dialects' events have no field for it.
   */
  public boolean anthropicOnly() {
    return kind == Kind.REASONING_SIGNATURE || kind == Kind.REDACTED_REASONING;
  }

  /**
   * True for answer text of the first answer, or its refusal: what the text-only dialects show and
   * sessions store.
   */
  public boolean isAnswerText() {
    return (kind == Kind.TEXT || kind == Kind.REFUSAL) && choice == 0;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.wire()).put("choice", choice);
    if (text != null) {
      json.put("text", text);
    }
    if (kind == Kind.TOOL_CALL || kind == Kind.TOOL_ARGUMENTS) {
      json.put("tool", tool);
    }
    if (id != null) {
      json.put("id", id);
    }
    if (name != null) {
      json.put("name", name);
    }
    return json;
  }

  public static Delta fromJson(JsonObject json) {
    return new Delta(Kind.valueOf(json.getString("kind").toUpperCase()), json.getInteger("choice", 0),
        json.getString("text"), json.getInteger("tool", 0), json.getString("id"), json.getString("name"));
  }
}
