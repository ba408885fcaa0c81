package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link WordWrap} replayed on a small terminal emulator: however the text is cut into pieces, the
 * screen shows whole words on lines that never reach the last column, and every piece is printed
 * the moment it arrives.
 */
class WordWrapTest {

  private static final String ANSWER = "This is turn 1 of our conversation. You said: \"mock\". I am the built-in mock "
      + "model, streaming this answer word by word so you can watch Server-Sent Events at work.";

  @Test
  void wordsAreNeverSplitHoweverTheTextIsCutIntoPieces() {
    List<String> expected = screen(20, List.of(ANSWER));
    assertThat(expected).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(19));
    assertThat(String.join(" ", expected)).isEqualTo(ANSWER);
    for (int size : new int[] {1, 2, 3, 5, 7, 13, 1000}) {
      assertThat(screen(20, pieces(ANSWER, size))).as("pieces of %d", size).isEqualTo(expected);
    }
    assertThat(screen(20, Arrays.asList(ANSWER.split("(?<= )")))).as("word by word, as the mock sends").isEqualTo(expected);
  }

  @Test
  void aWordArrivingInSeveralPiecesMovesToTheNextLineWhenItReachesTheEdge() {
    WordWrap wrap = new WordWrap(12);
    assertThat(wrap.next("one two ")).isEqualTo("one two ");
    assertThat(wrap.next("thr")).as("printed at once, before the word ends").isEqualTo("thr");
    assertThat(wrap.next("ee")).as("taken back and printed again below").isEqualTo("\u001b[3D\u001b[K\nthree");
    assertThat(wrap.column()).isEqualTo(5);
  }

  @Test
  void aPieceHoldingSeveralWordsWrapsBetweenThem() {
    assertThat(screen(12, List.of("alpha beta gamma delta epsilon"))).containsExactly("alpha beta", "gamma delta",
        "epsilon");
  }

  @Test
  void aSpaceAtTheEdgeBecomesTheLineBreak() {
    WordWrap wrap = new WordWrap(6);
    assertThat(wrap.next("abcde fg")).isEqualTo("abcde\nfg");
  }

  @Test
  void newlinesInTheTextStartTheCountAgain() {
    assertThat(screen(12, List.of("first line\nsecond ", "line here\n", "x"))).containsExactly("first line",
        "second line", "here", "x");
  }

  @Test
  void aWordLongerThanTheLineBreaksHardWhereTheLineEnds() {
    assertThat(screen(8, List.of("ab ", "abcdefghij", "klmno pq"))).containsExactly("ab", "abcdefg", "hijklmn",
        "o pq");
  }

  @Test
  void wideCharactersTakeTwoColumnsAndMayBreakAnywhere() {
    assertThat(screen(8, List.of("日本語のテキスト"))).containsExactly("日本語", "のテキ", "スト");
    assertThat(screen(8, List.of("ok 🌊🌊 ", "wave"))).containsExactly("ok 🌊🌊", "wave");
  }

  @Test
  void accentsAndSurrogatePairsSplitAcrossPiecesStayWhole() {
    String text = "café naïve 🌊x déjà";
    String wave = "🌊";
    List<String> cut = List.of("café na", "ïve ", wave.substring(0, 1), wave.substring(1) + "x dé", "jà");
    assertThat(screen(9, cut)).isEqualTo(screen(9, List.of(text))).containsExactly("café", "naïve 🌊", "x déjà");
    assertThat(new WordWrap(9).next(wave.substring(0, 1))).as("half a character waits for its pair").isEmpty();
  }

  @Test
  void textThatFitsIsPrintedUnchanged() {
    WordWrap wrap = new WordWrap(80);
    assertThat(wrap.next("Short answer,")).isEqualTo("Short answer,");
    assertThat(wrap.next(" still short.\n")).isEqualTo(" still short.\n");
    assertThat(wrap.column()).isZero();
  }

  private static List<String> pieces(String text, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      pieces.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return pieces;
  }

  /** The lines a terminal of {@code width} columns shows after the wrapped pieces, trailing spaces trimmed. */
  private static List<String> screen(int width, List<String> pieces) {
    Screen screen = new Screen(width);
    WordWrap wrap = new WordWrap(width);
    pieces.forEach(piece -> screen.write(wrap.next(piece)));
    return screen.lines();
  }

  /**
   * A terminal that knows what {@link WordWrap} writes: characters, {@code \n}, {@code \r}, cursor left
   * ({@code ESC[nD}) and erase to the end of the line ({@code ESC[K}). Writing into the last column fails,
   * since WordWrap promises never to.
   */
  private static final class Screen {
    private static final Pattern CONTROL = Pattern.compile("\u001b\\[(\\d*)([DK])");
    private final int width;
    private final List<List<String>> rows = new ArrayList<>(List.of(new ArrayList<>()));
    private int column;

    Screen(int width) {
      this.width = width;
    }

    void write(String text) {
      Matcher control = CONTROL.matcher(text);
      int at = 0;
      while (control.find(at)) {
        characters(text.substring(at, control.start()));
        if (control.group(2).equals("D")) {
          column = Math.max(0, column - Integer.parseInt(control.group(1)));
        } else {
          row().subList(Math.min(column, row().size()), row().size()).clear();
        }
        at = control.end();
      }
      characters(text.substring(at));
    }

    private void characters(String text) {
      text.codePoints().forEach(c -> {
        if (c == '\n') {
          rows.add(new ArrayList<>());
          column = 0;
        } else if (c == '\r') {
          column = 0;
        } else {
          put(c);
        }
      });
    }

    private void put(int c) {
      int columns = WordWrap.columns(c);
      assertThat(column + columns).as("never into the last column").isLessThan(width);
      while (row().size() < column + Math.max(1, columns)) {
        row().add(" ");
      }
      if (columns == 0 && column > 0) {
        row().set(column - 1, row().get(column - 1) + Character.toString(c));
        return;
      }
      row().set(column, Character.toString(c));
      if (columns == 2) {
        row().set(column + 1, "");
      }
      column += columns;
    }

    private List<String> row() {
      return rows.get(rows.size() - 1);
    }

    List<String> lines() {
      return rows.stream().map(row -> String.join("", row).stripTrailing()).toList();
    }
  }
}
