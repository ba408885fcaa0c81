package dev.streamgate.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The seed's session management table: {@code /new}, {@code /info}, {@code /sessions}, {@code /reset}, {@code /delete}. */
final class SessionCommands {

  private final ClientContext ctx;

  SessionCommands(ClientContext ctx) {
    this.ctx = ctx;
  }

  List<Command> commands() {
    return List.of(
        new Command("/new", Command.SESSIONS, "Create a new streaming chat session", this::create),
        new Command("/info", Command.SESSIONS, "Show current session details", this::info),
        new Command("/sessions", Command.SESSIONS, "List all active sessions on server", this::list),
        new Command("/reset", Command.SESSIONS, "Clear current session history", this::reset),
        new Command("/delete", Command.SESSIONS, "Delete current session", this::delete));
  }

  private void create() throws IOException, InterruptedException {
    SessionRef session = ctx.createSession();
    ctx.println(ctx.style().green("✨ New session created successfully!"));
    ctx.println("   Session ID: " + session.shortId());
    ctx.println("   Model: " + session.model());
  }

  private void info() throws IOException, InterruptedException {
    if (current() == null) {
      return;
    }
    JsonObject detail = ctx.api().get("/sessions/" + current().id());
    ctx.println(Box.of("📋 SESSION INFO",
        "Session ID: " + SessionRef.shortId(detail.getString("session_id")),
        "Model: " + detail.getString("model"),
        "Total Messages: " + detail.getInteger("message_count"),
        "User Messages: " + detail.getLong("user_messages"),
        "AI Messages: " + detail.getLong("assistant_messages"),
        "Duration: " + Clock.since(detail.getString("created_at")),
        "Created: " + Clock.timeOfDay(detail.getString("created_at"))));
  }

  private void list() throws IOException, InterruptedException {
    JsonArray sessions = ctx.api().get("/sessions").getJsonArray("sessions", new JsonArray());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < sessions.size(); i++) {
      JsonObject s = sessions.getJsonObject(i);
      boolean current = ctx.session() != null && ctx.session().id().equals(s.getString("session_id"));
      lines.add((i + 1) + ". " + SessionRef.shortId(s.getString("session_id")) + " (" + s.getInteger("message_count")
          + " msgs, " + Clock.since(s.getString("created_at")) + ", " + Clock.timeOfDay(s.getString("created_at"))
          + ")" + (current ? " ← CURRENT" : ""));
    }
    if (lines.isEmpty()) {
      lines.add("No sessions yet: send a message or use /new");
    }
    ctx.println(new Box("📋 ALL ACTIVE SESSIONS (" + sessions.size() + ")", lines));
  }

  private void reset() throws IOException, InterruptedException {
    if (current() == null) {
      return;
    }
    ctx.api().post("/sessions/" + current().id() + "/clear", new JsonObject());
    ctx.switchTo(current(), 0);
    ctx.println(ctx.style().green("🧹 Session " + current().shortId() + " history cleared: it starts afresh."));
  }

  /** Deletes the current session on the server, then continues in a new one, as the prompt needs a session. */
  private void delete() throws IOException, InterruptedException {
    SessionRef gone = current();
    if (gone == null) {
      return;
    }
    ctx.api().delete("/sessions/" + gone.id());
    ctx.switchTo(null, 0);
    ctx.println(ctx.style().green("🗑️  Session " + gone.shortId() + " deleted."));
    create();
  }

  /** The current session, or null after telling the user there is none. */
  private SessionRef current() {
    if (ctx.session() == null) {
      ctx.println(ctx.style().yellow("ℹ️  No current session: send a message or use /new."));
    }
    return ctx.session();
  }
}
