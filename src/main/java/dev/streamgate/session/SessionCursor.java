package dev.streamgate.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * A place in a session list, whose order is most recently updated first, then by id (descending): the
 * last session of a page ({@code GET /sessions?limit=}), from which the next page goes on. Given to the
 * client as an opaque string ({@link #encode}, the {@code next} of a page, its {@code after} back). A
 * place is not a session: one deleted or changed since still marks where the next page starts, and a
 * session changed between two pages moves to the front of the list (a later page does not show it).
 */
public record SessionCursor(Instant updatedAt, String id) {

  /** The list's order. */
  public static final Comparator<SessionSummary> ORDER = Comparator.comparing(SessionSummary::updatedAt)
      .thenComparing(SessionSummary::id).reversed();

  public static SessionCursor of(SessionSummary session) {
    return new SessionCursor(session.updatedAt(), session.id());
  }

  /** True when {@code session} comes after this place in the list. */
  public boolean precedes(SessionSummary session) {
    int time = session.updatedAt().compareTo(updatedAt);
    return time < 0 || time == 0 && session.id().compareTo(id) < 0;
  }

  public String encode() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((updatedAt + " " + id)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The place {@code text} encodes; {@link IllegalArgumentException} when it is not one {@link #encode} wrote. */
  public static SessionCursor decode(String text) {
    try {
      String place = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int space = place.indexOf(' ');
      return new SessionCursor(Instant.parse(place.substring(0, space)), place.substring(space + 1));
    } catch (RuntimeException notOne) {
      throw new IllegalArgumentException("not a place in a session list", notOne);
    }
  }
}
