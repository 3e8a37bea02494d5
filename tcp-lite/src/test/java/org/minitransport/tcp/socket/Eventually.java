package org.minitransport.tcp.socket;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls a condition that no event announces (a port released after TIME-WAIT, a thread gone)
 * until it holds or a deadline passes. Not a sleep standing in for synchronization: it returns as
 * soon as the condition holds and fails with a message if it never does.
 */
public final class Eventually {

  private Eventually() {}

  public static void await(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() - deadline > 0) {
        fail(what + " did not happen within " + timeout.toMillis() + " ms");
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
