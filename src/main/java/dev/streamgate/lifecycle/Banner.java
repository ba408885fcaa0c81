package dev.streamgate.lifecycle;

import dev.streamgate.config.GatewayConfig;
import java.util.List;

/**
 * The start-up banner of the seed server's console ({@code LOG_STYLE=boxed}): the model, the framework,
 * multi-turn, streaming and status, in a double-lined box.
 */
public final class Banner {

  private static final int WIDTH = 63;
  private static final String TITLE = "🌊 STREAMGATE SSE MULTI-TURN CHAT SERVER 🌊";

  private Banner() {
  }

  /** The banner for a node that has started with {@code config}, on several lines. */
  public static String render(GatewayConfig config) {
    List<String> rows = List.of("Model: " + config.llm().defaultModel(), "Framework: Vert.x 5 + SSE",
        "Multi-turn: ENABLED", "Streaming: REAL-TIME", "Status: READY");
    int left = Math.max(0, (WIDTH - TITLE.length()) / 2);
    StringBuilder banner = new StringBuilder("\n╔").append("═".repeat(WIDTH)).append("╗\n")
        .append(row(" ".repeat(left) + TITLE)).append('╠').append("═".repeat(WIDTH)).append("╣\n");
    rows.forEach(line -> banner.append(row("  " + line)));
    return banner.append('╚').append("═".repeat(WIDTH)).append('╝').toString();
  }

  private static String row(String text) {
    return "║" + text + " ".repeat(Math.max(1, WIDTH - text.length())) + "║\n";
  }
}
