package dev.streamgate.client;

import java.util.List;

/** A titled panel of lines, the shape the seed's client prints: {@code ┌─ TITLE ─┐}, {@code │ line │}, {@code └─┘}. */
record Box(String title, List<String> lines) {

  /** Columns from corner to corner. */
  private static final int WIDTH = 64;

  static Box of(String title, String... lines) {
    return new Box(title, List.of(lines));
  }

  String render(Style style) {
    StringBuilder text = new StringBuilder();
    String head = "┌─ " + title + " ";
    text.append(style.cyan(head + "─".repeat(Math.max(1, WIDTH - 1 - columns(head))) + "┐")).append('\n');
    for (String line : lines) {
      String padding = " ".repeat(Math.max(0, WIDTH - 4 - columns(line)));
      text.append(style.cyan("│ ")).append(line).append(padding).append(style.cyan(" │")).append('\n');
    }
    return text.append(style.cyan("└" + "─".repeat(WIDTH - 2) + "┘")).toString();
  }

  /** Terminal columns, roughly: emoji take two, joiners and variation selectors none. */
  static int columns(String text) {
    return text.codePoints().map(c -> c == 0xFE0F || c == 0x200D ? 0 : c >= 0x1F000 ? 2 : 1).sum();
  }
}
