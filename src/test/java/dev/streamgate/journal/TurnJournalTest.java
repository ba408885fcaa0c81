package dev.streamgate.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.bus.Delta;
import dev.streamgate.bus.JournalEntry;
import dev.streamgate.bus.ToolCall;
import dev.streamgate.dialect.EventId;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Readers that join a running turn at any moment, from other threads, get each entry once and in order. */
class TurnJournalTest {

  private static final int DELTAS = 5_000;
  private static final int LATE_READERS = 200;

  @Test
  void readersJoiningWhileTheTurnIsWrittenGetEveryEntryExactlyOnceInOrder() throws Exception {
    Channels channels = new Channels(60_000_000_000L);
    List<Recorder> early = List.of(new Recorder(), new Recorder());
    early.forEach(reader -> channels.listen("c", reader, null));
    TurnJournal journal = channels.open("t1", "c", null, new JsonObject());
    List<Recorder> late = new ArrayList<>();
    CountDownLatch written = new CountDownLatch(1);
    Thread writer = new Thread(() -> {
      for (int i = 1; i <= DELTAS; i++) {
        journal.deltas(List.of(Delta.text("d" + i)));
        if (i % 25 == 0) {
          Thread.yield(); // let readers join all along the turn
        }
      }
      journal.end(JournalEntry.Kind.DONE, new JsonObject());
      written.countDown();
    });
    writer.start();
    while (written.getCount() > 0 && late.size() < LATE_READERS) {
      Recorder reader = new Recorder();
      late.add(reader);
      if (ThreadLocalRandom.current().nextBoolean()) {
        channels.listen("c", reader, null);
      } else {
        journal.follow(reader, ThreadLocalRandom.current().nextInt(0, 3));
      }
    }
    writer.join();
    late.add(new Recorder());
    channels.listen("c", late.get(late.size() - 1), new EventId("t1", DELTAS - 1));

    early.forEach(reader -> assertThat(reader.seqs).hasSize(DELTAS + 1).isSorted().doesNotHaveDuplicates());
    assertThat(late).hasSizeGreaterThan(1).allSatisfy(reader -> {
      assertThat(reader.seqs).isNotEmpty().isSorted().doesNotHaveDuplicates();
      assertThat(reader.seqs.get(reader.seqs.size() - 1)).isEqualTo(DELTAS + 1);
      assertThat(reader.seqs.get(reader.seqs.size() - 1) - reader.seqs.get(0) + 1).isEqualTo(reader.seqs.size());
    });
    assertThat(late.get(late.size() - 1).seqs).containsExactly(DELTAS, DELTAS + 1);
  }

  @Test
  void aNewStreamOfTheChannelSkipsTurnsAlreadyReadToTheEndAndExpiredTurnsAreForgotten() throws Exception {
    Channels channels = new Channels(0);
    TurnJournal read = channels.open("read", "c", null, new JsonObject());
    read.deltas(List.of(Delta.text("a")));
    read.end(JournalEntry.Kind.DONE, new JsonObject());
    read.delivered();
    TurnJournal unread = channels.open("unread", "c", null, new JsonObject());
    unread.deltas(List.of(Delta.text("b")));

    Recorder newcomer = new Recorder();
    channels.listen("c", newcomer, null);
    assertThat(newcomer.turns).containsExactly("unread");

    Thread.sleep(1); // on purpose: time must pass after the turn ended for the sweep to find it expired (now - end > 0)
    channels.sweep();
    assertThat(channels.journal("read")).isNull();
    assertThat(channels.journal("unread")).isSameAs(unread);
  }

  @Test
  void endedJournalsExpireAdoptedOnesTooWhileRunningOnesStay() throws Exception {
    Channels channels = new Channels(0);
    TurnJournal first = channels.open("first", null, null, new JsonObject());
    TurnJournal running = channels.open("running", "c", null, new JsonObject());
    TurnJournal second = channels.open("second", "c", null, new JsonObject());
    second.end(JournalEntry.Kind.DONE, new JsonObject());
    first.end(JournalEntry.Kind.ERROR, new JsonObject());
    TurnJournal elsewhere = new TurnJournal("adopted", null, new JsonObject());
    elsewhere.end(JournalEntry.Kind.DONE, new JsonObject().put("text", ""));
    TurnJournal adopted = channels.adopt(JournalSnapshot.of(elsewhere));
    assertThat(channels.journal("adopted")).isSameAs(adopted);

    Thread.sleep(1); // on purpose: time must pass after the turns ended for the sweep to find them expired
    channels.sweep();
    assertThat(channels.journals()).containsExactly(running);
    assertThat(channels.channels()).containsExactly("c");
  }

  @Test
  void aReaderFromTheStartGetsEveryDeltaAsItWasWrittenWhateverItsKind() {
    List<Delta> written = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      written.add(Delta.text("t" + i + (i % 7 == 0 ? " é€" : "")));
    }
    written.addAll(List.of(Delta.reasoning(0, "thinking"), Delta.text(1, "second answer"),
        Delta.toolCall(0, 0, "call_1", "lookup"), Delta.toolArguments(0, 0, "{\"q\":"),
        Delta.text("between"), Delta.toolArguments(0, 0, "\"x\"}"), Delta.finish(1, "stop")));
    for (int i = 20; i < 40; i++) {
      written.add(Delta.text("t" + i));
    }
    TurnJournal journal = new TurnJournal("t", null, new JsonObject());
    for (int from = 0; from < written.size(); from += 3) {
      journal.deltas(written.subList(from, Math.min(from + 3, written.size())));
    }
    readsAsWritten(journal, written);

    // The turn ends: its text is made once and kept as the journal's, and it reads the same.
    String text = journal.seal();
    journal.end(JournalEntry.Kind.DONE, new JsonObject());
    readsAsWritten(journal, written);
    assertThat(journal.text()).isSameAs(text);
    assertThat(journal.entries().get(written.size()).kind()).isEqualTo(JournalEntry.Kind.DONE);
    assertThatThrownBy(() -> journal.deltas(List.of(Delta.text("late")))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLateReaderGetsTheLastEntryAsTheLiveReadersGotItToTheByte() {
    for (JournalEntry.Kind kind : List.of(JournalEntry.Kind.DONE, JournalEntry.Kind.ERROR)) {
      TurnJournal journal = new TurnJournal("t", null, new JsonObject());
      Recorder live = new Recorder();
      journal.follow(live, 0);
      journal.deltas(List.of(Delta.text("Bonjour "), Delta.reasoning(0, "…"), Delta.text("à tous ☕")));
      String text = journal.seal();
      JsonObject end = kind == JournalEntry.Kind.DONE
          ? new JsonObject().put("turn_id", "t").put("text", text).put("chunks", 2).put("tool_calls", null)
              .put("processing_time", 0.123456789).put("stored", true).put("big", 12_345_678_901L)
              .put("usage", new JsonObject().put("prompt_tokens", 7).put("completion_tokens", 3))
          : new JsonObject().put("turn_id", "t").put("error", new JsonObject().put("code", "timeout").put("message", "m"));
      journal.end(kind, end);

      JournalEntry late = journal.entries().get(3);
      assertThat(late).isEqualTo(live.entries.get(3));
      assertThat(late.end().encode()).as(kind.name()).isEqualTo(end.encode());
      if (kind == JournalEntry.Kind.DONE) {
        assertThat(late.end().getString("text")).as("the journal's own text").isSameAs(text);
      }
    }
  }

  private static void readsAsWritten(TurnJournal journal, List<Delta> written) {
    List<JournalEntry> entries = journal.entries();
    assertThat(entries.subList(0, written.size())).extracting(JournalEntry::delta).containsExactlyElementsOf(written);
    StringBuilder answer = new StringBuilder();
    for (int seq = 1; seq <= written.size(); seq++) {
      assertThat(journal.textBefore(seq)).isEqualTo(answer.toString());
      if (written.get(seq - 1).isAnswerText()) {
        answer.append(written.get(seq - 1).text());
      }
    }
    assertThat(journal.text()).isEqualTo(answer.toString()).contains("between").doesNotContain("second answer");
    assertThat(journal.deltaCount()).isEqualTo(41);
    assertThat(journal.toolCalls()).containsExactly(new ToolCall("call_1", "lookup", "{\"q\":\"x\"}"));
  }

  /** Records what it is offered; offers come under the journal's lock, one at a time. */
  private static final class Recorder implements JournalReader {
    final List<Integer> seqs = new ArrayList<>();
    final List<String> turns = new ArrayList<>();
    final List<JournalEntry> entries = new ArrayList<>();

    @Override
    public void offer(String turnId, List<JournalEntry> entries, Supplier<String> answerBefore, Runnable delivered) {
      turns.add(turnId);
      this.entries.addAll(entries);
      entries.forEach(entry -> seqs.add(entry.seq()));
    }
  }
}
