package org.minitransport.core.time;

/**
 * A token bucket in caller-supplied time: {@code ratePerSecond} tokens per second up to {@code
 * burst}. Used to rate-limit ICMP errors (RFC 1812 §4.3.2.8) and challenge ACKs (RFC 5961 §7).
 * Starts full. Not thread-safe.
 */
public final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long ratePerSecond;
  private final long burst;
  private long tokensTimesSecond;
  private long lastNs;
  private boolean started;

  public TokenBucket(long ratePerSecond, long burst) {
    if (ratePerSecond < 0 || burst < 0) {
      throw new IllegalArgumentException(
          "token bucket rate " + ratePerSecond + "/s and burst " + burst + " must not be negative");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.tokensTimesSecond = Math.multiplyExact(burst, NANOS_PER_SECOND);
  }

  /** Takes one token if there is one at {@code nowNs}. */
  public boolean tryTake(long nowNs) {
    refill(nowNs);
    if (tokensTimesSecond >= NANOS_PER_SECOND) {
      tokensTimesSecond -= NANOS_PER_SECOND;
      return true;
    }
    return false;
  }

  private void refill(long nowNs) {
    if (!started) {
      started = true;
      lastNs = nowNs;
      return;
    }
    long elapsedNs = nowNs - lastNs;
    if (elapsedNs <= 0) {
      return;
    }
    lastNs = nowNs;
    long cap = burst * NANOS_PER_SECOND;
    long gained;
    if (ratePerSecond == 0) {
      gained = 0;
    } else if (elapsedNs > cap / ratePerSecond) {
      gained = cap; // a long idle refills the bucket; also keeps the product below from overflowing
    } else {
      gained = elapsedNs * ratePerSecond;
    }
    tokensTimesSecond = Math.min(cap, tokensTimesSecond + gained);
  }
}
