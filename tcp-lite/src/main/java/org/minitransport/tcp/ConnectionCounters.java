package org.minitransport.tcp;

/**
 * What one connection counts for its endpoint's {@link TcpCounters}: plain increments since the
 * endpoint last collected them ({@link TcpConnection#moveCountersTo}), so the engine stays free of
 * shared state. Not thread-safe; owned by one connection.
 */
final class ConnectionCounters {

  long challengeAcks;
  long acksRateLimited;
  long pawsRejects;
  long outOfWindowDrops;
  long timeoutAborts;
  long userTimeouts;
  long finWait2Timeouts;

  /** Adds every count to {@code into} and starts again from zero. */
  void moveTo(TcpCounters into) {
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
