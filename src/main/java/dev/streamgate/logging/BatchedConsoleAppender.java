package dev.streamgate.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;

/**
 * Standard output for an appender behind the ring buffer's ({@code LoggingEventAsyncDisruptorAppender}):
 * lines gather in a buffer, and the ring's thread flushes it once it has emptied the ring, so each batch
 * of lines is one {@code write(2)}. Logback's {@code ConsoleAppender} goes through {@code System.out},
 * which flushes on every write: each line, two per turn, was a system call of its own. Used anywhere
 * else, lines would wait in the buffer (nothing else flushes it). Closing it leaves standard output open.
 */
public final class BatchedConsoleAppender<E> extends OutputStreamAppender<E> {

  /** Enough for a batch of lines at any rate the ring lets through in one pass; a fuller buffer writes early. */
  private static final int BUFFER_BYTES = 64 * 1024;

  @Override
  public void start() {
    setImmediateFlush(false);
    setOutputStream(new BufferedOutputStream(new FilterOutputStream(new FileOutputStream(FileDescriptor.out)) {
      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length); // FilterOutputStream's own writes byte by byte
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    }, BUFFER_BYTES));
    super.start();
  }
}
