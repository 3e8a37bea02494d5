package org.minitransport.core.time;

/**
 * A clock that only moves when told to: the time base of a deterministic simulation. Starts at 0
 * unless given another start.
 *
 * <p>Not thread-safe for writers; a simulation advances it from its one thread.
 */
public final class VirtualClock implements NanoClock {

  private volatile long nowNs;

  public VirtualClock() {
    this(0);
  }

  public VirtualClock(long startNs) {
    this.nowNs = startNs;
  }

  @Override
  public long nanoTime() {
    return nowNs;
  }

  /**
   * Moves the clock to {@code targetNs}.
   *
   * @throws IllegalArgumentException if {@code targetNs} is before now: time never goes backwards
   */
  public void advanceTo(long targetNs) {
    if (targetNs < nowNs) {
      throw new IllegalArgumentException(
          "virtual time cannot go backwards: now " + nowNs + " ns, asked for " + targetNs + " ns");
    }
    nowNs = targetNs;
  }

  /**
   * Moves the clock forward by {@code deltaNs}.
   *
   * @throws IllegalArgumentException if {@code deltaNs} is negative, or so large that the clock
   *     would pass {@code Long.MAX_VALUE} and wrap into the past
   */
  public void advanceBy(long deltaNs) {
    if (deltaNs < 0) {
      throw new IllegalArgumentException("cannot advance by a negative " + deltaNs + " ns");
    }
    if (deltaNs > Long.MAX_VALUE - nowNs) {
      throw new IllegalArgumentException(
          "advancing " + nowNs + " ns by " + deltaNs + " ns would pass Long.MAX_VALUE");
    }
    nowNs += deltaNs;
  }
}
