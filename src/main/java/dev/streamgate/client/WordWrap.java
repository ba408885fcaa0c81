package dev.streamgate.client;

/**
 * Wraps an answer that arrives in pieces at word boundaries for a terminal {@code width} columns wide,
 * without holding text back: {@link #next} returns what to print for a piece the moment it arrives.
 * When a word being printed reaches the edge, what was already printed of it is taken back (cursor
 * left, erase to the end of the line) and printed again on the next line; a space at the edge becomes
 * the line break. A word as long as a line breaks where the line ends, as do wide (CJK) characters,
 * which may break anywhere. The last column is never written, so a terminal's pending wrap never
 * comes into play. Newlines (and carriage returns) start the count again; a tab moves to the next
 * multiple of 8. Assumes the text starts at column 0 and that nothing else writes to the terminal in
 * between. Not thread-safe: one instance per answer, used by the thread that prints it.
 */
final class WordWrap {

  private static final String CSI = "\u001b[";
  private static final int TAB = 8;

  private final int limit;
  /** The current word as printed so far on this line, and the columns it takes. */
  private final StringBuilder word = new StringBuilder();
  private int wordColumns;
  private int column;
  /** A high surrogate that ended the last piece: its pair is in the next one. */
  private String pending = "";

  /** {@code width}: the terminal's columns; lines use {@code width - 1} of them. */
  WordWrap(int width) {
    this.limit = Math.max(1, width - 1);
  }

  /** What to print for {@code text}: the text itself, with line breaks and cursor moves where it wraps. */
  String next(String text) {
    String all = pending + text;
    boolean split = !all.isEmpty() && Character.isHighSurrogate(all.charAt(all.length() - 1));
    pending = split ? all.substring(all.length() - 1) : "";
    StringBuilder out = new StringBuilder(all.length() + 8);
    (split ? all.substring(0, all.length() - 1) : all).codePoints().forEach(c -> add(c, out));
    return out.toString();
  }

  /** The column the next character goes to. */
  int column() {
    return column;
  }

  private void add(int c, StringBuilder out) {
    switch (c) {
      case '\n', '\r' -> {
        out.appendCodePoint(c);
        column = 0;
        endWord();
      }
      case ' ' -> space(out);
      case '\t' -> {
        do {
          space(out);
        } while (column % TAB != 0);
      }
      default -> visible(c, out);
    }
  }

  /** A space at the edge becomes the line break itself. */
  private void space(StringBuilder out) {
    if (column + 1 > limit) {
      out.append('\n');
      column = 0;
    } else {
      out.append(' ');
      column++;
    }
    endWord();
  }

  private void visible(int c, StringBuilder out) {
    int width = columns(c);
    if (column + width > limit) {
      wrap(width, out);
    }
    out.appendCodePoint(c);
    column += width;
    if (width == 2) {
      endWord();
    } else {
      word.appendCodePoint(c);
      wordColumns += width;
    }
  }

  /** Moves the word begun on this line to the next one; breaks it hard when it still does not fit there. */
  private void wrap(int width, StringBuilder out) {
    if (wordColumns > 0 && wordColumns < column) {
      out.append(CSI).append(wordColumns).append('D').append(CSI).append('K').append('\n').append(word);
      column = wordColumns;
    }
    if (column + width > limit) {
      out.append('\n');
      column = 0;
      endWord();
    }
  }

  private void endWord() {
    word.setLength(0);
    wordColumns = 0;
  }

  /**
   * Columns a code point takes on a terminal, roughly as {@code wcwidth(3)}: none for controls, combining
   * marks, joiners and variation selectors; two for East Asian wide characters and most emoji.
   */
  static int columns(int c) {
    int type = Character.getType(c);
    if (Character.isISOControl(c) || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT) {
      return 0;
    }
    return wide(c) ? 2 : 1;
  }

  private static boolean wide(int c) {
    return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F
        || c >= 0xAC00 && c <= 0xD7A3 || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F
        || c >= 0xFF00 && c <= 0xFF60 || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x1F300 && c <= 0x1F64F
        || c >= 0x1F680 && c <= 0x1F6FF || c >= 0x1F900 && c <= 0x1FAFF || c >= 0x20000 && c <= 0x3FFFD;
  }
}
