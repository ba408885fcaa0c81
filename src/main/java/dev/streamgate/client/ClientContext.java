package dev.streamgate.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * What every command works on: the gateway, the output, the statistics and the current session. Used
 * from the client's one thread only (Ctrl-C's thread reaches only {@link CtrlC}). {@link #report} is the
 * one place failures become words.
 */
final class ClientContext {

  private final GatewayApi api;
  private final PrintStream out;
  private final Style style;
  private final ClientStats stats = new ClientStats();
  private final boolean keyGiven;
  private final CtrlC ctrlC;
  private final IntSupplier width;
  private SessionRef session;
  private int sessionMessages;

  /** {@code width}: the terminal's columns, asked for each answer; null when the output is not a terminal. */
  ClientContext(ClientOptions options, Backoff backoff, PrintStream out, Style style, CtrlC ctrlC,
                IntSupplier width) {
    this.out = out;
    this.style = style;
    this.ctrlC = ctrlC;
    this.width = width;
    this.keyGiven = options.key() != null;
    this.api = new GatewayApi(options, backoff, (attempt, attempts, delay, cause) ->
        println(style.yellow("🔄 Cannot reach the server (" + reason(cause) + "); retrying in "
            + delay.toMillis() / 1000.0 + "s (attempt " + attempt + "/" + attempts + ")...")));
  }

  GatewayApi api() {
    return api;
  }

  Style style() {
    return style;
  }

  CtrlC ctrlC() {
    return ctrlC;
  }

  /** How an answer's text is printed: word-wrapped to the terminal's width of the moment, or as it came when piped. */
  UnaryOperator<String> answerLayout() {
    return width == null ? UnaryOperator.identity() : new WordWrap(width.getAsInt())::next;
  }

  ClientStats stats() {
    return stats;
  }

  SessionRef session() {
    return session;
  }

  int sessionMessages() {
    return sessionMessages;
  }

  /** Makes {@code next} (null: none) the current session, holding {@code messages} messages. */
  void switchTo(SessionRef next, int messages) {
    session = next;
    sessionMessages = messages;
  }

  /** {@code POST /sessions/new}, then talks in it. */
  SessionRef createSession() throws IOException, InterruptedException {
    JsonObject created = api.post("/sessions/new", new JsonObject());
    stats.sessionCreated();
    switchTo(new SessionRef(created.getString("session_id"), created.getString("model")), 0);
    return session;
  }

  void print(String text) {
    out.print(text);
    out.flush();
  }

  void println(String text) {
    out.println(text);
    out.flush();
  }

  /** A panel, after a blank line as in the seed's transcripts. */
  void println(Box box) {
    println("\n" + box.render(style));
  }

  /** Says what went wrong in the user's terms; never the API key, never a stack trace. */
  void report(Exception failure) {
    if (failure instanceof ApiFailure api && api.status() == 401) {
      println(style.red(keyGiven ? "🔒 The server refused the API key (HTTP 401)."
          : "🔒 The server requires an API key (HTTP 401): start the client with --key KEY or set STREAMGATE_API_KEY."));
    } else if (failure instanceof ApiFailure api) {
      println(style.red("❌ Server answered HTTP " + api.status() + " (" + api.code() + "): " + api.getMessage()));
    } else if (failure instanceof IOException io) {
      println(style.red("❌ Cannot reach the server at " + this.api.url("") + ": " + reason(io)));
    } else if (failure instanceof DecodeException) {
      println(style.red("❌ The server answered something that is not JSON."));
    } else {
      println(style.red("❌ " + reason(failure)));
    }
  }

  /** An exception's own words, or its cause's, or its type: the JDK's ConnectException often has no message. */
  static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return failure instanceof ConnectException ? "connection refused" : failure.getClass().getSimpleName();
  }
}
