package org.minitransport.udp.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.minitransport.udp.ReceivedDatagram;

/**
 * A socket's receive buffer (like the kernel's SO_RCVBUF queue): bounded in bytes, filled by the
 * host thread, drained by application threads. This is the one object the UDP engine shares with
 * other threads; everything in it is guarded by one lock.
 *
 * <p>Each datagram costs its payload length plus {@link #PER_DATAGRAM_OVERHEAD} bytes against the
 * capacity, so a flood of empty datagrams is bounded too.
 */
public final class DatagramQueue {

  /** Bookkeeping bytes charged per datagram in addition to its payload. */
  public static final int PER_DATAGRAM_OVERHEAD = 32;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final ArrayDeque<ReceivedDatagram> queue = new ArrayDeque<>();
  private final int capacityBytes;
  private int usedBytes;
  private boolean closed;
  private IOException pendingError;
  /** Bumped by every offer, error and close: what a receiver waiting elsewhere looks at. */
  private volatile long changes;
  private volatile Runnable onChange = () -> {};

  public DatagramQueue(int capacityBytes) {
    if (capacityBytes < 1) {
      throw new IllegalArgumentException("receive buffer of " + capacityBytes + " bytes must be positive");
    }
    this.capacityBytes = capacityBytes;
  }

  /**
   * Adds a datagram unless it does not fit.
   *
   * @return false if the buffer is full (the caller counts a receive-buffer overflow) or closed
   */
  public boolean offer(ReceivedDatagram datagram) {
    int cost = cost(datagram);
    lock.lock();
    try {
      if (closed || usedBytes + cost > capacityBytes) {
        return false;
      }
      queue.add(datagram);
      usedBytes += cost;
      readable.signal();
      changes++;
    } finally {
      lock.unlock();
    }
    onChange.run();
    return true;
  }

  /**
   * Takes the oldest datagram, or null if there is none.
   *
   * @throws IOException the pending error (see {@link #reportError}) if the queue is empty
   */
  public ReceivedDatagram poll() throws IOException {
    lock.lock();
    try {
      ReceivedDatagram head = take();
      if (head == null) {
        throwPendingError();
      }
      return head;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a datagram.
   *
   * @param timeoutNs how long to wait; 0 or negative waits forever
   * @return the datagram, or null if the timeout passed or the queue was closed while waiting
   *     (check {@link #isClosed()})
   * @throws IOException the pending error (see {@link #reportError}) if no datagram is queued
   */
  public ReceivedDatagram await(long timeoutNs) throws InterruptedException, IOException {
    lock.lockInterruptibly();
    try {
      long remainingNs = timeoutNs;
      while (queue.isEmpty() && !closed && pendingError == null) {
        if (timeoutNs <= 0) {
          readable.await();
        } else {
          if (remainingNs <= 0) {
            return null;
          }
          remainingNs = readable.awaitNanos(remainingNs);
        }
      }
      ReceivedDatagram head = take();
      if (head == null) {
        throwPendingError();
      }
      return head;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records an asynchronous error (such as an ICMP port unreachable for a connected socket) to be
   * thrown once, by the next receive that finds no datagram or by {@link #takeError()}; wakes
   * waiting receivers. A later error replaces an earlier one that nobody saw, as in Linux.
   */
  public void reportError(IOException error) {
    lock.lock();
    try {
      pendingError = error;
      readable.signalAll();
      changes++;
    } finally {
      lock.unlock();
    }
    onChange.run();
  }

  /** Returns and clears the pending error, or null. */
  public IOException takeError() {
    lock.lock();
    try {
      IOException error = pendingError;
      pendingError = null;
      return error;
    } finally {
      lock.unlock();
    }
  }

  private void throwPendingError() throws IOException {
    IOException error = pendingError;
    if (error != null) {
      pendingError = null;
      throw error;
    }
  }

  /** Wakes every waiter; later offers are refused. Queued datagrams are discarded. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      usedBytes = 0;
      readable.signalAll();
      changes++;
    } finally {
      lock.unlock();
    }
    onChange.run();
  }

  /**
   * Runs {@code hook} after every offer, error and close, on the thread that made it (outside
   * the lock): a socket's way to wake a receiver that waits on the host's sockets rather than on
   * this queue ({@code HostExecutor#wakeArrivalWaiter}).
   */
  public void onChange(Runnable hook) {
    onChange = java.util.Objects.requireNonNull(hook, "hook");
  }

  /** A counter that every offer, error and close moves; read it before {@link #isReady}. */
  public long changes() {
    return changes;
  }

  /** Whether a receive would not wait: a datagram or an error is queued, or the queue closed. */
  public boolean isReady() {
    lock.lock();
    try {
      return !queue.isEmpty() || closed || pendingError != null;
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes charged against the capacity right now. */
  public int usedBytes() {
    lock.lock();
    try {
      return usedBytes;
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private ReceivedDatagram take() {
    ReceivedDatagram head = queue.poll();
    if (head != null) {
      usedBytes -= cost(head);
    }
    return head;
  }

  private static int cost(ReceivedDatagram datagram) {
    return datagram.data().length + PER_DATAGRAM_OVERHEAD;
  }
}
