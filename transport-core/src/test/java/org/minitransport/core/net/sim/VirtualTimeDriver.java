package org.minitransport.core.net.sim;

import org.minitransport.core.time.TimerQueue;
import org.minitransport.core.time.VirtualClock;

/** Runs a network in virtual time: jump to the next arrival, deliver, repeat (bounded). */
final class VirtualTimeDriver {

  private VirtualTimeDriver() {}

  /** Delivers everything in flight; fails instead of looping forever. */
  static int runUntilIdle(SimulatedNetwork network, VirtualClock clock) {
    int delivered = 0;
    for (int steps = 0; steps < 10_000_000; steps++) {
      long nextNs = network.nextEventNs();
      if (nextNs == TimerQueue.NONE) {
        return delivered;
      }
      clock.advanceTo(Math.max(nextNs, clock.nanoTime()));
      delivered += network.deliverDue(clock.nanoTime());
    }
    throw new AssertionError("network still busy after 10 000 000 steps");
  }

  /** Delivers everything due up to {@code endNs} and leaves the clock there. */
  static int runUntil(SimulatedNetwork network, VirtualClock clock, long endNs) {
    int delivered = 0;
    for (long nextNs = network.nextEventNs(); nextNs <= endNs; nextNs = network.nextEventNs()) {
      clock.advanceTo(Math.max(nextNs, clock.nanoTime()));
      delivered += network.deliverDue(clock.nanoTime());
    }
    clock.advanceTo(Math.max(endNs, clock.nanoTime()));
    return delivered;
  }
}
