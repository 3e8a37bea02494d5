package org.minitransport.tcp.socket;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

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

  /**
   * How long a waiter spins for a change before it parks: a reply that comes back within this
   * time costs the waiting thread no wake-up by the host thread (system property {@code
   * minitransport.tcp.spinNs}, 0 to park at once). Spinning yields the core after a few
   * iterations, so the host thread that will make the change is not kept from running.
   */
  static final long SPIN_NS = Long.getLong("minitransport.tcp.spinNs", 50_000);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final long spinNs;
  private final Runnable wakeArrivalWaiter;
  private volatile long version;

  /** A monitor whose waiters spin {@link #SPIN_NS} before they park. */
  StreamMonitor() {
    this(SPIN_NS);
  }

  /** A monitor whose waiters spin {@code spinNs} (0: none) before they park. */
  StreamMonitor(long spinNs) {
    this(spinNs, () -> {});
  }

  /**
   * A monitor whose waiters spin {@code spinNs} (0: none) before they park, and whose {@link
   * #signal} also runs {@code wakeArrivalWaiter}: the host's {@link
   * org.minitransport.core.driver.HostExecutor#wakeArrivalWaiter}, which ends a waiter's wait
   * on the host's sockets ({@link #awaitChange(long, long, BooleanSupplier, ArrivalWait)}).
   */
  StreamMonitor(long spinNs, Runnable wakeArrivalWaiter) {
    this.spinNs = Math.max(0, spinNs);
    this.wakeArrivalWaiter = wakeArrivalWaiter;
  }

  /** The change counter. */
  long version() {
    return version;
  }

  /** Records a change and wakes every waiter, also one waiting on the host's sockets. Any thread. */
  void signal() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // After the version moved: a waiter on the sockets either sees it or is woken (see there).
    wakeArrivalWaiter.run();
  }

  /**
   * Waits until the version differs from {@code seen} or the deadline passes.
   *
   * @param deadlineNs a {@link System#nanoTime()} deadline, or 0 to wait without a limit
   * @return false if the deadline passed with no change
   * @throws InterruptedIOException if the thread is interrupted (its flag stays set)
   */
  boolean awaitChange(long seen, long deadlineNs) throws InterruptedIOException {
    return awaitChange(seen, deadlineNs, NO_POLL);
  }

  /**
   * A spinning waiter polls on one round in this many. Polling on every round kept the host's lock
   * busy enough that, beside a process burning a core, a 64-byte request/response p50 rose to
   * 88–91 µs; one round in 8 gave 41.5 µs there and the same 11.2 µs on a quiet machine; one in 32,
   * 36.2 and 14.8 µs (`TcpLoopbackSideBySide 3 rr`, one run each).
   */
  static final int POLL_EVERY_ROUNDS = 8;

  /** Nothing to poll while spinning. */
  static final BooleanSupplier NO_POLL = () -> false;

  /**
   * A wait on the host's sockets: {@link
   * org.minitransport.core.driver.HostExecutor#awaitArrivals}.
   */
  @FunctionalInterface
  interface ArrivalWait {
    /** Waits until {@code done} or the deadline (0: none); false if it could not wait at all. */
    boolean await(BooleanSupplier done, long deadlineNs);
  }

  /** No wait on the host's sockets: spin, then park. */
  static final ArrivalWait NO_ARRIVAL_WAIT = (done, deadlineNs) -> false;

  /**
   * As {@link #awaitChange(long, long)}, calling {@code poll} while it spins: busy
   * polling ({@link org.minitransport.core.driver.HostExecutor#pollArrivals}), so the arrival the
   * waiter wants can be handled on its own thread, which sees the change at once.
   */
  boolean awaitChange(long seen, long deadlineNs, BooleanSupplier poll)
      throws InterruptedIOException {
    return awaitChange(seen, deadlineNs, poll, NO_ARRIVAL_WAIT);
  }

  /**
   * As {@link #awaitChange(long, long, BooleanSupplier)}, waiting on the host's sockets with
   * {@code arrivals} where it can: the arrival that makes the change then wakes this thread
   * itself, with no wake-up from the host's thread on the way. It waits on them at once, without
   * spinning, as a thread blocked in a kernel socket does (a spin here would only compete for a
   * core with the thread the reply needs). Where the host busy-polls ({@code poll} polled), or
   * {@code arrivals} cannot wait (another thread waits on the sockets, the host has none, busy
   * polling is on), it spins, polling, and parks, as {@link #awaitChange(long, long,
   * BooleanSupplier)} does.
   */
  boolean awaitChange(long seen, long deadlineNs, BooleanSupplier poll, ArrivalWait arrivals)
      throws InterruptedIOException {
    boolean busyPolling =
        arrivals != NO_ARRIVAL_WAIT && poll != NO_POLL && poll.getAsBoolean();
    if (!busyPolling && arrivals != NO_ARRIVAL_WAIT) {
      Boolean waited = waitOnArrivals(seen, deadlineNs, arrivals);
      if (waited != null) {
        return waited;
      }
    }
    if (spinUntilChanged(seen, deadlineNs, poll)) {
      return true;
    }
    return park(seen, deadlineNs);
  }

  /**
   * Waits on the host's sockets until the version moves (true) or the deadline passes (false);
   * null if {@code arrivals} could not wait, or stopped being able to before either.
   *
   * @throws InterruptedIOException if the thread is interrupted (its flag stays set)
   */
  private Boolean waitOnArrivals(long seen, long deadlineNs, ArrivalWait arrivals)
      throws InterruptedIOException {
    while (version == seen) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted while waiting on a TCP socket");
      }
      if (deadlineNs != 0 && deadlineNs - System.nanoTime() <= 0) {
        return false;
      }
      if (!arrivals.await(() -> version != seen, deadlineNs)) {
        return version != seen ? Boolean.TRUE : null;
      }
    }
    return true;
  }

  /** Parks until the version moves (true) or the deadline passes (false). */
  private boolean park(long seen, long deadlineNs) throws InterruptedIOException {
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

  /**
   * Spins at most {@code spinNs} (not past the deadline, and not once the thread is interrupted:
   * the parking path reports that); whether the version changed.
   */
  private boolean spinUntilChanged(long seen, long deadlineNs, BooleanSupplier poll) {
    if (spinNs == 0) {
      return false;
    }
    long endNs = System.nanoTime() + spinNs;
    if (deadlineNs != 0 && deadlineNs - endNs < 0) {
      endNs = deadlineNs;
    }
    for (int spins = 0; version == seen; spins++) {
      if (System.nanoTime() - endNs >= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      if (spins % POLL_EVERY_ROUNDS == 0) {
        poll.getAsBoolean(); // an arrival handled on this very thread ends the loop at once
      }
      if (spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return true;
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
