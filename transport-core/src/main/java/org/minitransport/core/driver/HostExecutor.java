package org.minitransport.core.driver;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The thread that owns a host, as the socket APIs see it: run a command there, read its clock.
 * {@link EventLoop} is the real-time implementation; {@link SimulationDriver#executor()} runs
 * commands inline on the simulation thread.
 */
public interface HostExecutor extends Executor {

  /** The host's current time in nanoseconds. */
  long nowNs();

  /** Whether the calling thread is the host's thread (commands would run inline). */
  boolean inHostThread();

  /**
   * Runs {@code task} on the host thread and returns its result, waiting for it if the caller is
   * another thread. An exception thrown by the task is rethrown as is.
   */
  <T> T call(Callable<T> task) throws Exception;

  /**
   * As {@link #call}, but on the host's own thread even where {@link #call} may run a command on
   * the caller's ({@link EventLoop}): for commands that do much work, such as a bulk copy, which
   * on the caller's thread would keep the host from its arrivals meanwhile. By default {@link
   * #call}.
   */
  default <T> T callOnHostThread(Callable<T> task) throws Exception {
    return call(task);
  }

  /**
   * Busy polling for a thread about to wait on an arrival (a blocking read): if the host's thread
   * is idle, takes the packets waiting on the host's sockets on the calling thread, hands them to
   * the host and sends what it queued, so the waiter need not be woken by the host's thread — the
   * user-space form of Linux's busy polling ({@code SO_BUSY_POLL}, {@code net.core.busy_read}).
   * Never blocks and never waits for the host's thread; may be called in a spin.
   *
   * @return whether it polled; false where there is nothing to poll or the host's thread is busy
   *     (by default always: the simulation has no sockets, and its executor runs commands inline)
   */
  default boolean pollArrivals() {
    return false;
  }

  /**
   * For a thread about to wait for an arrival (a blocking socket's small read): waits on the
   * calling thread until {@code done} is true, taking the host's arrivals itself while it waits,
   * as a thread blocked in a kernel socket's {@code recv} is woken by the datagram, so that no
   * hand-off from the host's thread stands between the arrival and the waiter. The wait also ends
   * at the deadline, on an interrupt, on {@link #wakeArrivalWaiter} or when the host's thread
   * closes; the caller then looks again.
   *
   * @param done checked before each wait and after each arrival; true ends the wait
   * @param deadlineNs a {@link System#nanoTime()} deadline, or 0 for none
   * @return whether it waited; false, having done nothing, where the caller cannot wait so (by
   *     default always: the simulation has no sockets) — it then waits its usual way
   */
  default boolean awaitArrivals(java.util.function.BooleanSupplier done, long deadlineNs) {
    return false;
  }

  /**
   * Ends a wait in {@link #awaitArrivals} on another thread, so that it looks again: for a change
   * made by another thread. Any thread; by default nothing.
   */
  default void wakeArrivalWaiter() {}

  /** Unwraps the task's own exception from an {@link ExecutionException}. */
  static Exception unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof Error error) {
      throw error;
    }
    return cause instanceof Exception exception ? exception : e;
  }
}
