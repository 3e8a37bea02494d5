package org.minitransport.tcp;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one object a blocking socket shares between the host thread and application threads: a
 * change counter that the host thread bumps on every event of the socket, and a condition that
 * application threads wait on.
 *
 * <p>The protocol that makes waiting race-free: read {@link #version()} first, then look at the
 * connection (on the host thread), then {@link #awaitChange} with the version read first. An event
 * that arrives after the look bumps the version, so the wait returns at once instead of missing
 * it.
 */
final class StreamMonitor {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile long version;

  /** The change counter. */
  long version() {
    return version;
  }

  /** Records a change and wakes every waiter. Any thread. */
  void signal() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the version differs from {@code seen} or the deadline passes.
   *
   * @param deadlineNs a {@link System#nanoTime()} deadline, or 0 to wait without a limit
   * @return false if the deadline passed with no change
   * @throws InterruptedIOException if the thread is interrupted (its flag stays set)
   */
  boolean awaitChange(long seen, long deadlineNs) throws InterruptedIOException {
    lock.lock();
    try {
      while (version == seen) {
        if (deadlineNs == 0) {
          changed.await();
        } else {
          long leftNs = deadlineNs - System.nanoTime();
          if (leftNs <= 0) {
            return false;
          }
          changed.awaitNanos(leftNs);
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting on a TCP socket");
    } finally {
      lock.unlock();
    }
  }

  /** A deadline {@code millis} from now for {@link #awaitChange}, or 0 for none. */
  static long deadlineAfter(long millis) {
    if (millis <= 0) {
      return 0;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    return deadline == 0 ? 1 : deadline;
  }
}
