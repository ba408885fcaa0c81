package dev.streamgate.journal;

import dev.streamgate.bus.Delta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A turn's deltas, kept compactly: a journal holds every delta of its turn while it runs and for
 * {@code RESUME_SECONDS} after, and most deltas are a few characters of the first answer's text. Those
 * are appended to one text, with where each ends (4 bytes a delta, instead of a {@link Delta} and a
 * {@code String} of ~90); any other delta (reasoning, tool calls, other answers, finishes) is kept as
 * it came, and so is a refusal, whose text also joins the answer's (what a text-only reader shows). A
 * delta of answer text is made again when a reader asks for it by number. Not thread-safe: its
 * journal's lock guards it.
 */
final class JournalDeltas {

  /** The first answer's text while the turn runs; null once {@link #seal sealed}. */
  private StringBuilder answer = new StringBuilder();
  /** The first answer's whole text once the turn has ended. */
  private String sealed;
  /** The answer's length after each delta: a delta of answer text ends where the one before it ended plus its text. */
  private int[] answerEnds = new int[8];
  /** Deltas that are not the first answer's text, at their position; null until the turn has one. */
  private Delta[] others;
  private int size;
  private int answerDeltas;

  void add(Delta delta) {
    if (sealed != null) {
      throw new IllegalStateException("a delta after the end of its turn");
    }
    if (size == answerEnds.length) {
      answerEnds = Arrays.copyOf(answerEnds, size * 2);
      others = others == null ? null : Arrays.copyOf(others, size * 2);
    }
    if (delta.isAnswerText()) {
      answer.append(delta.text());
      answerDeltas++;
    }
    if (delta.kind() != Delta.Kind.TEXT || delta.choice() != 0) {
      if (others == null) {
        others = new Delta[answerEnds.length];
      }
      others[size] = delta;
    }
    answerEnds[size++] = answer.length();
  }

  int size() {
    return size;
  }

  /** The number of deltas of the first answer's text. */
  int answerDeltas() {
    return answerDeltas;
  }

  /** The delta at {@code index} (from 0), as it was added. */
  Delta get(int index) {
    Objects.checkIndex(index, size);
    if (others != null && others[index] != null) {
      return others[index];
    }
    return Delta.text(text(answerBefore(index), answerEnds[index]));
  }

  /** The first answer's text in the first {@code count} deltas. */
  String answerText(int count) {
    return text(0, answerBefore(Math.min(count, size)));
  }

  /**
   * No delta follows (the turn has ended): the answer's text becomes one string, which the caller keeps
   * too (the session's reply, the journal's last entry), and the arrays their exact size, so a journal
   * kept for late readers holds one copy of its text and no room to grow. Returns that text.
   */
  String seal() {
    if (sealed == null) {
      sealed = answer.toString();
      answer = null;
      answerEnds = Arrays.copyOf(answerEnds, size);
      others = others == null ? null : Arrays.copyOf(others, size);
    }
    return sealed;
  }

  private String text(int from, int to) {
    if (sealed == null) {
      return answer.substring(from, to);
    }
    return from == 0 && to == sealed.length() ? sealed : sealed.substring(from, to);
  }

  /** The deltas kept as they came (all but the first answer's text), in order: tool calls are assembled from these. */
  List<Delta> others() {
    List<Delta> kept = new ArrayList<>();
    for (int i = 0; others != null && i < size; i++) {
      if (others[i] != null) {
        kept.add(others[i]);
      }
    }
    return kept;
  }

  /** Where the answer's text stood before the delta at {@code index}. */
  private int answerBefore(int index) {
    return index == 0 ? 0 : answerEnds[index - 1];
  }
}
