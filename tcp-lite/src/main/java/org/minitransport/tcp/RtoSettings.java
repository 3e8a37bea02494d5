package org.minitransport.tcp;

import java.time.Duration;

/**
 * The constants of the RTT estimator and retransmission timer (RFC 6298 §2), as {@link
 * TcpConfig.Builder#rto} takes them and {@link
 * org.minitransport.tcp.component.RttEstimatorFactory} passes them to an estimator.
 *
 * @param initialRtoNs RTO before the first sample (RFC 6298 §2.1: 1 s)
 * @param minRtoNs lower bound for RTO (§2.4: SHOULD be 1 s; 200 ms is common practice)
 * @param maxRtoNs upper bound for RTO and for backoff (§5.5; §2.5: at least 60 s if set)
 * @param clockGranularityNs G in §2.2–2.3, the resolution of the timer that drives the RTO
 */
public record RtoSettings(
    long initialRtoNs, long minRtoNs, long maxRtoNs, long clockGranularityNs) {

  private static final long SECOND_NS = 1_000_000_000L;

  /**
   * RFC 6298 as written: initial RTO 1 s, minimum 1 s, maximum 60 s, granularity 1 ms (the
   * resolution a real-time driver's timers can keep).
   */
  public static RtoSettings rfc6298() {
    return new RtoSettings(SECOND_NS, SECOND_NS, 60 * SECOND_NS, 1_000_000L);
  }

  /**
   * @throws IllegalArgumentException unless 0 < minRto ≤ initialRto ≤ maxRto and G > 0
   */
  public RtoSettings {
    if (minRtoNs <= 0 || clockGranularityNs <= 0) {
      throw new IllegalArgumentException(
          "minRtoNs "
              + minRtoNs
              + " and clockGranularityNs "
              + clockGranularityNs
              + " must both be positive");
    }
    if (initialRtoNs < minRtoNs || initialRtoNs > maxRtoNs) {
      throw new IllegalArgumentException(
          "initialRtoNs "
              + initialRtoNs
              + " must lie in [minRtoNs, maxRtoNs] = ["
              + minRtoNs
              + ", "
              + maxRtoNs
              + "]");
    }
  }

  /** These settings with a different minimum RTO (e.g. 200 ms, as Linux uses). */
  public RtoSettings withMinRto(Duration minRto) {
    return new RtoSettings(initialRtoNs, minRto.toNanos(), maxRtoNs, clockGranularityNs);
  }

  /** These settings with a different initial RTO. */
  public RtoSettings withInitialRto(Duration initialRto) {
    return new RtoSettings(initialRto.toNanos(), minRtoNs, maxRtoNs, clockGranularityNs);
  }

  /** These settings with a different maximum RTO (RFC 6298 §2.5: at least 60 s). */
  public RtoSettings withMaxRto(Duration maxRto) {
    return new RtoSettings(initialRtoNs, minRtoNs, maxRto.toNanos(), clockGranularityNs);
  }

  /** These settings with a different clock granularity G. */
  public RtoSettings withClockGranularity(Duration granularity) {
    return new RtoSettings(initialRtoNs, minRtoNs, maxRtoNs, granularity.toNanos());
  }
}
