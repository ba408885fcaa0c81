package dev.streamgate.client;

/**
 * ANSI colours, used only when the client talks to a terminal: piped output stays plain text, so a
 * script can read it.
 */
final class Style {

  private static final String ESC = "\u001b[";

  private final boolean ansi;

  Style(boolean ansi) {
    this.ansi = ansi;
  }

  String bold(String text) {
    return paint("1", text);
  }

  String dim(String text) {
    return paint("2", text);
  }

  String red(String text) {
    return paint("31", text);
  }

  String green(String text) {
    return paint("32", text);
  }

  String yellow(String text) {
    return paint("33", text);
  }

  String cyan(String text) {
    return paint("36", text);
  }

  /** Home the cursor and erase the screen; nothing when not on a terminal. */
  String clearScreen() {
    return ansi ? ESC + "H" + ESC + "2J" : "";
  }

  private String paint(String code, String text) {
    return ansi ? ESC + code + "m" + text + ESC + "0m" : text;
  }
}
