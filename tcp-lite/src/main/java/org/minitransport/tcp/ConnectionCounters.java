package org.minitransport.tcp;

/**
 * What one connection counts for its endpoint's {@link TcpCounters}: plain increments since the
 * endpoint last collected them ({@link TcpConnection#moveCountersTo}), so the engine stays free of
 * shared state, and the loss-recovery totals it passed on so far. Not thread-safe; owned by one
 * connection.
 */
final class ConnectionCounters {

  long challengeAcks;
  long acksRateLimited;
  long pawsRejects;
  long outOfWindowDrops;
  long timeoutAborts;
  long userTimeouts;
  long finWait2Timeouts;
  /** The connection's loss-recovery counters when the endpoint last collected them. */
  private LossRecoveryCounters recoveryCollected = LossRecoveryCounters.NONE;

  /**
   * Adds every count to {@code into} and starts again from zero; adds what loss recovery counted
   * since the last call ({@code recoveryNow} being the connection's running totals).
   */
  void moveTo(TcpCounters into, LossRecoveryCounters recoveryNow) {
    if (!recoveryNow.equals(recoveryCollected)) {
      into.addRecovery(recoveryNow.minus(recoveryCollected));
      recoveryCollected = recoveryNow;
    }
    into.challengeAcks.add(challengeAcks);
    into.acksRateLimited.add(acksRateLimited);
    into.pawsRejects.add(pawsRejects);
    into.outOfWindowDrops.add(outOfWindowDrops);
    into.timeoutAborts.add(timeoutAborts);
    into.userTimeouts.add(userTimeouts);
    into.finWait2Timeouts.add(finWait2Timeouts);
    challengeAcks = 0;
    acksRateLimited = 0;
    pawsRejects = 0;
    outOfWindowDrops = 0;
    timeoutAborts = 0;
    userTimeouts = 0;
    finWait2Timeouts = 0;
  }
}
