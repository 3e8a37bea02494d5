package org.minitransport.tcp.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wait protocol of blocking sockets, with and without the bounded spin before parking. Real
 * threads; every wait is bounded and nothing sleeps.
 */
class StreamMonitorTest {

  private static final long SPIN_FOR_A_LONG_TIME_NS = 60_000_000_000L;
  /** Far below the spin above: a wait that ends within it did not spin it out. */
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  @ParameterizedTest(name = "spinNs={0}")
  @ValueSource(longs = {0, 50_000, SPIN_FOR_A_LONG_TIME_NS})
  void aChangeMadeBeforeTheWaitEndsItAtOnce(long spinNs) throws Exception {
    StreamMonitor monitor = new StreamMonitor(spinNs);
    long seen = monitor.version();
    monitor.signal();
    assertTrue(monitor.awaitChange(seen, 0));
  }

  @ParameterizedTest(name = "spinNs={0}")
  @ValueSource(longs = {0, 50_000, SPIN_FOR_A_LONG_TIME_NS})
  void aChangeFromAnotherThreadWakesTheWaiter(long spinNs) throws Exception {
    StreamMonitor monitor = new StreamMonitor(spinNs);
    long seen = monitor.version();
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return monitor.awaitChange(seen, 0);
      } catch (InterruptedIOException e) {
        throw new IllegalStateException(e);
      }
    });
    monitor.signal();
    assertTrue(waiter.get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest(name = "spinNs={0}")
  @ValueSource(longs = {0, SPIN_FOR_A_LONG_TIME_NS})
  void aDeadlineEndsTheWaitEvenWhileSpinning(long spinNs) throws Exception {
    StreamMonitor monitor = new StreamMonitor(spinNs);
    long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
    assertFalse(assertTimeoutPreemptively(PROMPTLY,
        () -> monitor.awaitChange(monitor.version(), deadlineNs)), "no change: the deadline passed");
    assertTrue(System.nanoTime() - deadlineNs >= 0, "returned before the deadline");
  }

  @ParameterizedTest(name = "spinNs={0}")
  @ValueSource(longs = {0, SPIN_FOR_A_LONG_TIME_NS})
  void anInterruptedWaiterGetsInterruptedIoExceptionAndKeepsItsFlag(long spinNs) {
    StreamMonitor monitor = new StreamMonitor(spinNs);
    assertTimeoutPreemptively(PROMPTLY, () -> {
      Thread.currentThread().interrupt();
      try {
        assertThrows(InterruptedIOException.class,
            () -> monitor.awaitChange(monitor.version(), 0));
        assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
      } finally {
        Thread.interrupted();
      }
    });
  }

  @org.junit.jupiter.api.Test
  void aPollThatMakesTheChangeEndsTheSpinOnTheWaitersOwnThread() throws Exception {
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS);
    long seen = monitor.version();
    int[] polls = {0};
    assertTrue(assertTimeoutPreemptively(PROMPTLY, () -> {
      Thread waiter = Thread.currentThread();
      return monitor.awaitChange(seen, 0, () -> {
        assertSame(waiter, Thread.currentThread(), "busy polling runs on the waiter's thread");
        if (++polls[0] == 3) {
          monitor.signal(); // the arrival the waiter wanted, handled by its own poll
        }
        return true;
      });
    }));
    assertEquals(3, polls[0], "no poll after the one that made the change");
  }

  @org.junit.jupiter.api.Test
  void theSpinPollsWhileItSpinsAndANoPollMonitorNeverDoes() throws Exception {
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS);
    int[] polls = {0};
    // Long enough that a thread descheduled on a loaded machine still spins after it: with 5 ms,
    // beside a process burning a core, the deadline had passed before the first round (0 polls).
    long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    assertFalse(assertTimeoutPreemptively(PROMPTLY, () -> monitor.awaitChange(monitor.version(),
        deadlineNs, () -> {
          polls[0]++;
          return false; // the host's thread was busy: nothing polled
        })));
    assertTrue(polls[0] > 1, "polled " + polls[0] + " times while spinning 100 ms");
    StreamMonitor parksAtOnce = new StreamMonitor(0);
    int[] none = {0};
    assertFalse(parksAtOnce.awaitChange(parksAtOnce.version(),
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1), () -> ++none[0] > 0));
    assertEquals(0, none[0], "without a spin there is nothing to poll in");
  }

  @ParameterizedTest(name = "spinNs={0}")
  @ValueSource(longs = {0, 50_000})
  void aParkedWaiterIsWokenBySignal(long spinNs) throws Exception {
    StreamMonitor monitor = new StreamMonitor(spinNs);
    long seen = monitor.version();
    java.util.concurrent.atomic.AtomicReference<Thread> waiting =
        new java.util.concurrent.atomic.AtomicReference<>();
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      waiting.set(Thread.currentThread());
      try {
        return monitor.awaitChange(seen, 0);
      } catch (InterruptedIOException e) {
        throw new IllegalStateException(e);
      }
    });
    // Signal only once the waiter is parked in the condition, so the wake-up is what ends it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (waiting.get() == null || waiting.get().getState() != Thread.State.WAITING) {
      assertTrue(System.nanoTime() - deadline < 0, "the waiter never parked");
      Thread.onSpinWait();
    }
    assertFalse(waiter.isDone());
    monitor.signal();
    assertTrue(waiter.get(10, TimeUnit.SECONDS));
    assertEquals(seen + 1, monitor.version(), "one signal, one change");
    assertTimeoutPreemptively(PROMPTLY, monitor::signal, "the waiter let go of the monitor's lock");
    assertEquals(seen + 2, monitor.version());
  }

  @org.junit.jupiter.api.Test
  void aWaiterThatCanWaitOnTheSocketsDoesSoAtOnceWithoutSpinning() throws Exception {
    int[] wakes = {0};
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS, () -> wakes[0]++);
    long seen = monitor.version();
    int[] waits = {0};
    assertTrue(assertTimeoutPreemptively(PROMPTLY, () -> {
      Thread waiter = Thread.currentThread();
      return monitor.awaitChange(seen, 0, StreamMonitor.NO_POLL, (done, deadlineNs) -> {
        assertSame(waiter, Thread.currentThread(), "the wait runs on the waiter's thread");
        assertFalse(done.getAsBoolean());
        if (++waits[0] == 2) {
          monitor.signal(); // the arrival the waiter wanted, handled on its own thread
          assertTrue(done.getAsBoolean(), "done sees the change");
        }
        return true;
      });
    }), "a spin first would have taken a minute");
    assertEquals(2, waits[0], "waits again until the change, and not after it");
    assertEquals(1, wakes[0], "signal also wakes a waiter on the sockets");
  }

  @org.junit.jupiter.api.Test
  void aWaiterThatCannotWaitOnTheSocketsSpinsAndParksAsBefore() throws Exception {
    StreamMonitor monitor = new StreamMonitor(50_000);
    long seen = monitor.version();
    int[] tries = {0};
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return monitor.awaitChange(seen, 0, StreamMonitor.NO_POLL, (done, deadlineNs) -> {
          tries[0]++;
          return false; // another thread waits on the sockets, say
        });
      } catch (InterruptedIOException e) {
        throw new IllegalStateException(e);
      }
    });
    monitor.signal();
    assertTrue(waiter.get(10, TimeUnit.SECONDS));
    assertTrue(tries[0] <= 1, "tried once at most, then spun and parked");
  }

  @org.junit.jupiter.api.Test
  void aBusyPollingWaiterSpinsAndPollsAndNeverWaitsOnTheSockets() throws Exception {
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS);
    long seen = monitor.version();
    int[] polls = {0};
    int[] waits = {0};
    assertTrue(assertTimeoutPreemptively(PROMPTLY, () -> monitor.awaitChange(seen, 0, () -> {
      if (++polls[0] == 3) {
        monitor.signal();
      }
      return true; // polled: busy polling is on
    }, (done, deadlineNs) -> {
      waits[0]++;
      return true;
    })));
    assertEquals(3, polls[0]);
    assertEquals(0, waits[0], "busy polling keeps to its spin and park");
  }

  @org.junit.jupiter.api.Test
  void theDeadlineEndsAWaitOnTheSockets() throws Exception {
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS);
    // Long enough to be still ahead when the wait starts, even on a loaded machine.
    long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long[] passedOn = {-1};
    assertFalse(assertTimeoutPreemptively(PROMPTLY, () -> monitor.awaitChange(monitor.version(),
        deadlineNs, StreamMonitor.NO_POLL, (done, deadline) -> {
          passedOn[0] = deadline;
          return true; // nothing arrived
        })));
    assertTrue(System.nanoTime() - deadlineNs >= 0, "returned before the deadline");
    assertEquals(deadlineNs, passedOn[0], "the wait on the sockets gets the same deadline");
  }

  @org.junit.jupiter.api.Test
  void anInterruptedWaiterOnTheSocketsGetsInterruptedIoException() {
    StreamMonitor monitor = new StreamMonitor(SPIN_FOR_A_LONG_TIME_NS);
    assertTimeoutPreemptively(PROMPTLY, () -> {
      try {
        assertThrows(InterruptedIOException.class, () -> monitor.awaitChange(monitor.version(),
            0, StreamMonitor.NO_POLL, (done, deadline) -> {
              Thread.currentThread().interrupt(); // as an interrupt ends a selector's wait
              return true;
            }));
        assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set");
      } finally {
        Thread.interrupted();
      }
    });
  }
}
