package dev.streamgate.session;

import java.util.List;

/**
 * A page of a session list: its sessions, in the list's order ({@link SessionCursor#ORDER}), how many
 * sessions the whole list has, and whether more follow the page.
 */
public record SessionPage(List<SessionSummary> sessions, long total, boolean more) {

  /** The page of at most {@code limit} sessions of {@code all} (in the list's order) after {@code after} (null: from the first). */
  public static SessionPage of(List<SessionSummary> all, int limit, SessionCursor after) {
    int from = after == null ? 0 : firstAfter(all, after);
    int to = Math.min(all.size(), from + limit);
    return new SessionPage(all.subList(from, to), all.size(), to < all.size());
  }

  /** The index of the first session of {@code all} after {@code place}: a binary search, as {@code all} is in order. */
  private static int firstAfter(List<SessionSummary> all, SessionCursor place) {
    int low = 0;
    int high = all.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (place.precedes(all.get(middle))) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** Where the next page starts; null on the last. */
  public SessionCursor next() {
    return more && !sessions.isEmpty() ? SessionCursor.of(sessions.get(sessions.size() - 1)) : null;
  }
}
