package dev.streamgate.llm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * Turns what goes wrong with a provider into messages fit for a client: they name the provider, the
 * status and the provider's own words, and never carry the API key (providers echo keys back, e.g.
 * "Incorrect API key provided: sk-abc…").
 */
final class ProviderErrors {

  private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk-|AIza)[-_A-Za-z0-9*.]{8,}");
  private static final int MAX_DETAIL = 300;

  private final String provider;
  private final String authority;
  private final String apiKey;

  ProviderErrors(String provider, String authority, String apiKey) {
    this.provider = provider;
    this.authority = authority;
    this.apiKey = apiKey;
  }

  String unreachable(Throwable err) {
    return "Cannot reach " + provider + " at " + authority + ": " + redact(String.valueOf(err.getMessage()));
  }

  String lost(Throwable err) {
    return "Connection to " + provider + " lost mid-answer: " + redact(String.valueOf(err.getMessage()));
  }

  String httpStatus(int status, Buffer body) {
    return provider + " answered HTTP " + status + ": " + detail(body);
  }

  String reported(String message) {
    return provider + " reported an error: " + redact(clip(message));
  }

  String malformed(String data) {
    return provider + " sent malformed stream data: " + redact(clip(data));
  }

  /** An answer holding {@code what}, which no dialect here can carry. */
  String unrelayable(String what) {
    return provider + " answered with " + what + ", which Streamgate does not relay (it relays text, reasoning and"
        + " tool calls): ask a model that answers in text";
  }

  String endedEarly() {
    return provider + " closed the stream before the answer was complete";
  }

  private String detail(Buffer body) {
    String text = body == null ? "" : body.toString();
    try {
      JsonObject json = new JsonObject(text);
      Object error = json.getValue("error");
      return redact(error instanceof JsonObject e ? messageOf(e) : String.valueOf(error != null ? error : text));
    } catch (RuntimeException notJson) {
      return text.isBlank() ? "(empty body)" : redact(clip(text));
    }
  }

  private static String messageOf(JsonObject error) {
    Object nested = error.getValue("error");
    if (nested instanceof JsonObject inner) {
      return messageOf(inner);
    }
    return clip(error.getString("message", error.encode()));
  }

  private String redact(String text) {
    String safe = apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    return KEY_LIKE.matcher(safe).replaceAll("$1***");
  }

  private static String clip(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "…";
  }
}
