package dev.streamgate.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Walking a session list page by page, each page's {@code next} back as the next one's {@code after},
 * gives the whole list in its order, each session once, whatever order the store holds them in and
 * however many share an update time; a place survives its trip through the client as text.
 */
class SessionPageTest {

  @Test
  void pagesWalkTheWholeListInOrderEachSessionOnce() {
    Random random = new Random(18);
    List<SessionSummary> held = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Instant updated = Instant.parse("2026-12-08T03:00:00Z").plusNanos(1000L * random.nextInt(40)); // many ties
      held.add(new SessionSummary("s-" + random.nextInt(1_000_000) + "-" + i, "mock-echo", updated, updated, i % 7));
    }
    List<SessionSummary> expected = held.stream().sorted(SessionCursor.ORDER).toList();
    Collections.shuffle(held, random);

    List<SessionSummary> walked = new ArrayList<>();
    SessionCursor after = null;
    int pages = 0;
    do {
      SessionPage page = SessionPage.select(held.stream(), 37, after);
      assertThat(page.total()).isEqualTo(1000);
      walked.addAll(page.sessions());
      after = page.next() == null ? null : SessionCursor.decode(page.next().encode());
      pages++;
      assertThat(page.more()).isEqualTo(walked.size() < 1000);
    } while (after != null);
    assertThat(pages).isEqualTo(28);
    assertThat(walked).isEqualTo(expected);
  }

  @Test
  void aPlaceIsTextTheClientCannotReadButSendsBack() {
    SessionCursor place = new SessionCursor(Instant.parse("2026-12-08T03:21:46.522833579Z"), "conversation 東京 #1");
    String text = place.encode();
    assertThat(text).matches("[A-Za-z0-9_-]+");
    assertThat(SessionCursor.decode(text)).isEqualTo(place);
    assertThatThrownBy(() -> SessionCursor.decode("not a place")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SessionCursor.decode("bm90IGEgcGxhY2U")).isInstanceOf(IllegalArgumentException.class);
  }
}
