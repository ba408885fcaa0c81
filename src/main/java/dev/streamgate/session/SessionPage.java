package dev.streamgate.session;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * A page of a session list: its sessions, in the list's order ({@link SessionCursor#ORDER}), how many
 * sessions the whole list has, and whether more follow the page.
 */
public record SessionPage(List<SessionSummary> sessions, long total, boolean more) {

  /**
   * The page of at most {@code limit} of {@code chats} (in any order) after {@code after} (null: from the
   * first): one pass that keeps the page's sessions and one more, not the whole list sorted.
   */
  public static SessionPage select(Stream<SessionSummary> chats, int limit, SessionCursor after) {
    PriorityQueue<SessionSummary> kept = new PriorityQueue<>(limit + 2, SessionCursor.ORDER.reversed());
    long[] total = {0};
    chats.forEach(session -> {
      total[0]++;
      if (after == null || after.precedes(session)) {
        kept.add(session);
        if (kept.size() > limit + 1) {
          kept.poll(); // the one that comes last
        }
      }
    });
    List<SessionSummary> page = new ArrayList<>(kept);
    page.sort(SessionCursor.ORDER);
    return new SessionPage(List.copyOf(page.subList(0, Math.min(limit, page.size()))), total[0], page.size() > limit);
  }

  /** Where the next page starts; null on the last. */
  public SessionCursor next() {
    return more && !sessions.isEmpty() ? SessionCursor.of(sessions.get(sessions.size() - 1)) : null;
  }
}
