package dev.streamgate.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stopping one chat turn on request (Ctrl-C): {@code DELETE /streams/{turn_id}} asks the server to end
 * the turn, which it does with a {@code stopped} error event on the stream, the reply so far stored as
 * interrupted. Should the stream not end within the grace, it is closed here, which ends the blocked
 * read of the client's thread. The request may come before the turn id or the stream are known; each
 * step is then taken as soon as they are. Thread-safe: {@link #request} comes from the signal thread,
 * the rest from the client's thread; nothing here blocks.
 */
final class TurnStop {

  private final GatewayApi api;
  private final Duration grace;
  private String turnId;
  private InputStream stream;
  private boolean requested;
  private boolean expired;
  private boolean ended;

  TurnStop(GatewayApi api, Duration grace) {
    this.api = api;
    this.grace = grace;
  }

  /** The response body being read: closed when the grace of a stop runs out. */
  synchronized void opened(InputStream body) {
    stream = body;
    if (expired) {
      closeStream();
    }
  }

  /** The turn's id, from {@code session_info}: the server is asked to stop it if that was requested already. */
  synchronized void started(String id) {
    turnId = id;
    if (requested && id != null) {
      askServer();
    }
  }

  /**
   * Asks for the stop; false when it had been asked already and the turn has not ended yet. A turn that
   * has just ended takes the request as done: the answer is over, the prompt is coming.
   */
  synchronized boolean request() {
    if (ended) {
      return true;
    }
    if (requested) {
      return false;
    }
    requested = true;
    if (turnId != null) {
      askServer();
    }
    CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS).execute(this::expire);
    return true;
  }

  synchronized boolean requested() {
    return requested;
  }

  /** The turn is over, however it ended: a late grace closes nothing. */
  synchronized void ended() {
    ended = true;
  }

  /** Not waited for, never retried: if it does not reach the server, the grace runs out. */
  private void askServer() {
    api.stop(turnId);
  }

  private synchronized void expire() {
    expired = true;
    if (!ended) {
      closeStream();
    }
  }

  /** The JDK's response stream may be closed from any thread: a read blocked on it ends in an IOException. */
  private void closeStream() {
    try {
      if (stream != null) {
        stream.close();
      }
    } catch (IOException alreadyBroken) {
      // the read fails either way
    }
  }
}
