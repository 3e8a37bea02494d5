package org.minitransport.demo;

import java.io.Writer;
import java.util.concurrent.TimeUnit;

/** A writer that keeps what was written and lets a test wait (bounded) for some text. */
final class WatchedWriter extends Writer {

  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(char[] chars, int offset, int length) {
    text.append(chars, offset, length);
    notifyAll();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /**
   * Waits until {@code expected} has been written.
   *
   * @throws AssertionError naming what was written if it does not appear within the timeout
   */
  synchronized void await(String expected, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
    while (text.indexOf(expected) < 0) {
      long leftNs = deadlineNs - System.nanoTime();
      if (leftNs <= 0) {
        throw new AssertionError("'" + expected + "' did not appear within " + timeout + " "
            + unit + "; output so far:\n" + text);
      }
      TimeUnit.NANOSECONDS.timedWait(this, leftNs);
    }
  }

  @Override
  public synchronized String toString() {
    return text.toString();
  }
}
