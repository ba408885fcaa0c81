package dev.streamgate.http;

import dev.streamgate.dialect.TurnFailure;
import dev.streamgate.dialect.TurnResult;
import dev.streamgate.dialect.TurnStart;
import java.util.List;

/**
 * A turn written to the client that asked and kept in a journal as well, so a client whose connection
 * drops can come back ({@code GET /streams/{turn_id}}, {@code Last-Event-ID}) for the events it missed
 * and the rest. The client leaving does not end the turn at once: it runs on for the grace period,
 * and is cancelled (stored as interrupted) only if nobody has come back to read it by then.
 */
final class ResumableOutput implements TurnOutput {

  private final ResponseOutput response;
  private final JournalOutput journal;
  private final boolean graceful;
  private boolean responseGone;

  ResumableOutput(ResponseOutput response, JournalOutput journal, long graceNanos) {
    this.response = response;
    this.journal = journal;
    this.graceful = graceNanos > 0;
  }

  @Override
  public void open(TurnStart start, Runnable gone, Runnable stop) {
    journal.open(start, gone, stop);
    response.open(start, () -> {
      if (graceful) {
        responseGone = true;
        journal.readerLeft();
      } else {
        gone.run();
      }
    }, stop);
  }

  @Override
  public void deltas(List<String> deltas) {
    response.deltas(deltas);
    journal.deltas(deltas);
  }

  @Override
  public boolean full(Runnable drained) {
    return response.full(drained);
  }

  @Override
  public void idle() {
    response.idle();
  }

  @Override
  public boolean abandoned(long now) {
    return responseGone ? journal.abandoned(now) : response.abandoned(now);
  }

  @Override
  public void complete(TurnResult result) {
    response.complete(result);
    journal.complete(result);
  }

  @Override
  public void fail(TurnFailure failure) {
    response.fail(failure);
    journal.fail(failure);
  }

  @Override
  public String dialect() {
    return response.dialect();
  }

  @Override
  public String clientIp() {
    return response.clientIp();
  }
}
