package dev.streamgate.client;

import io.vertx.core.json.JsonObject;
import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The seed's commands about the server: {@code /server}, {@code /health}, {@code /docs}, {@code /demo}. */
final class ServerCommands {

  private final ClientContext ctx;
  private final boolean terminal;

  ServerCommands(ClientContext ctx, boolean terminal) {
    this.ctx = ctx;
    this.terminal = terminal;
  }

  List<Command> commands() {
    return List.of(
        new Command("/server", Command.BASIC, "Display server and streaming statistics", this::server),
        new Command("/health", Command.BASIC, "Check server health and active streams", this::health),
        new Command("/docs", Command.BASIC, "Open API documentation in browser",
            () -> open("/docs", "📖", "API documentation")),
        new Command("/demo", Command.BASIC, "Open interactive SSE demo page",
            () -> open("/demo", "🌊", "SSE demo page")));
  }

  private void server() throws IOException, InterruptedException {
    JsonObject stats = ctx.api().get("/stats");
    ctx.println(Box.of("🖥️  SSE SERVER STATISTICS",
        "Server Uptime: " + Clock.hms(stats.getDouble("uptime_seconds", 0.0)),
        "Total Requests: " + stats.getLong("total_requests"),
        "Successful: " + stats.getLong("successful_requests"),
        "Failed: " + stats.getLong("failed_requests"),
        "Active Sessions: " + stats.getLong("active_sessions"),
        "Active Streams: " + stats.getLong("active_streams"),
        "Total Sessions Created: " + stats.getLong("total_sessions_created"),
        "Avg Response Time: " + Clock.seconds(stats.getDouble("average_response_time", 0.0)),
        "Provider: " + stats.getString("provider"),
        "Model: " + stats.getString("model"),
        "Framework: " + stats.getString("framework")));
  }

  /** Health, and the upstream providers whose circuit breakers have seen failures. */
  private void health() throws IOException, InterruptedException {
    JsonObject health = ctx.api().get("/health");
    List<String> lines = new ArrayList<>(List.of(
        "Server: " + ctx.api().url(""),
        "Status: " + health.getString("status"),
        "Active Streams: " + health.getInteger("active_streams"),
        "Uptime: " + Clock.hms(health.getDouble("uptime_seconds", 0.0)),
        "Provider: " + health.getString("provider"),
        "Model: " + health.getString("model")));
    JsonObject providers = health.getJsonObject("providers", new JsonObject());
    providers.forEach(entry -> {
      JsonObject breaker = (JsonObject) entry.getValue();
      lines.add("Breaker " + entry.getKey() + ": " + breaker.getString("state") + " ("
          + breaker.getInteger("consecutive_failures") + " failures in a row)");
    });
    boolean healthy = "healthy".equals(health.getString("status"));
    ctx.println((healthy ? ctx.style().green("💚 Server is healthy") : ctx.style().yellow("⚠️  Server is degraded")));
    ctx.println(new Box("🩺 SERVER HEALTH", lines));
  }

  /** Checks the page is served, then opens it in a browser when a person is at a desktop; otherwise prints where it is. */
  private void open(String path, String icon, String name) throws IOException, InterruptedException {
    String url = ctx.api().url(path);
    int status = ctx.api().status(path);
    if (status != 200) {
      ctx.println(ctx.style().red("❌ The server does not serve the " + name + " (HTTP " + status + ")."));
      ctx.println("   URL: " + url);
      return;
    }
    boolean opened = terminal && browse(url);
    ctx.println(icon + (opened ? " Opening " + name + " in your browser..." : " " + name + " (open it in a browser):"));
    ctx.println("   URL: " + url);
  }

  private static boolean browse(String url) {
    try {
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
        return true;
      }
    } catch (IOException | UnsupportedOperationException | SecurityException noBrowser) {
      // no desktop here: the URL is printed instead
    }
    return false;
  }
}
