package org.minitransport.tcp.internal;

import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.component.RttEstimator;

/**
 * The reference {@link RttEstimator}: smoothed round-trip time and retransmission timeout, computed
 * as RFC 6298 §2 prescribes. All times are nanoseconds in {@code long}s.
 *
 * <ul>
 *   <li>Before any sample, RTO is the initial RTO (§2.1; 1 s by default).
 *   <li>First sample R (§2.2): SRTT = R, RTTVAR = R/2.
 *   <li>Later samples R' (§2.3): RTTVAR = ¾·RTTVAR + ¼·|SRTT − R'| using the old SRTT, then SRTT =
 *       ⅞·SRTT + ⅛·R'.
 *   <li>After each sample: RTO = SRTT + max(G, 4·RTTVAR), where G is the clock granularity, then
 *       clamped to [minRto, maxRto] (§2.4: a minimum of 1 s SHOULD be used, Linux uses 200 ms;
 *       §2.5: a maximum MAY be placed, provided it is at least 60 s).
 *   <li>{@link #backoff()} when the retransmission timer expires doubles RTO, up to maxRto (§5.5).
 *       The next sample recomputes RTO from SRTT and RTTVAR, which ends the backoff.
 * </ul>
 *
 * <p><b>Karn's algorithm is the caller's job</b> (§3): only call {@link #addSample(long)} with the
 * round-trip time of a segment that was sent exactly once (or, with RFC 7323 timestamps, whose echo
 * identifies the transmission). An ACK for a retransmitted segment is ambiguous and must not be
 * sampled. RFC 6298 also asks for at least one sample per RTT, not one per segment.
 *
 * <p>Integer arithmetic in nanoseconds: the ¼ and ⅛ weights round toward zero, which is far below
 * any clock granularity. Not thread-safe.
 */
public final class Rfc6298RttEstimator implements RttEstimator {

  /** RFC 6298 §5.7: the RTO to use once data flows if a SYN timed out. */
  private static final long RTO_AFTER_SYN_TIMEOUT_NS = 3_000_000_000L;

  private final RtoSettings settings;
  private boolean hasSample;
  private long srttNs;
  private long rttVarNs;
  private long rtoNs;

  /** An estimator with the RFC's constants ({@link RtoSettings#rfc6298()}). */
  public Rfc6298RttEstimator() {
    this(RtoSettings.rfc6298());
  }

  public Rfc6298RttEstimator(RtoSettings settings) {
    this.settings = settings;
    this.rtoNs = settings.initialRtoNs();
  }

  /**
   * Feeds one round-trip measurement (RFC 6298 §2.2–2.4) and recomputes RTO, ending any backoff.
   * Karn's algorithm: never pass the RTT of a retransmitted segment.
   *
   * @throws IllegalArgumentException if {@code rttNs} is negative
   */
  @Override
  public void addSample(long rttNs) {
    if (rttNs < 0) {
      throw new IllegalArgumentException("RTT sample " + rttNs + " ns must not be negative");
    }
    if (!hasSample) {
      srttNs = rttNs;
      rttVarNs = rttNs / 2;
      hasSample = true;
    } else {
      // Written as v + (x − v)/4 rather than (3v + x)/4 so that no sample can overflow.
      rttVarNs += (Math.abs(srttNs - rttNs) - rttVarNs) / 4;
      srttNs += (rttNs - srttNs) / 8;
    }
    long variance = rttVarNs > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 4 * rttVarNs;
    long rto = saturatingAdd(srttNs, Math.max(settings.clockGranularityNs(), variance));
    rtoNs = Math.max(settings.minRtoNs(), Math.min(settings.maxRtoNs(), rto));
  }

  /**
   * The retransmission timer expired: doubles RTO, capped at maxRto (RFC 6298 §5.5). The caller
   * retransmits the earliest unacknowledged segment and restarts the timer with the new {@link
   * #rtoNs()} (§5.4, §5.6).
   */
  @Override
  public void backoff() {
    rtoNs = rtoNs > settings.maxRtoNs() / 2 ? settings.maxRtoNs() : 2 * rtoNs;
  }

  /**
   * RFC 6298 §5.7: if the timer expired while waiting for the ACK of a SYN, the RTO MUST be set to
   * 3 s when data transmission begins. Call it once the handshake completes; it has no effect once
   * a sample has been taken (the sample is then the better estimate). The result is clamped to
   * [minRto, maxRto].
   */
  @Override
  public void resetAfterSynTimeout() {
    if (!hasSample) {
      rtoNs = Math.max(settings.minRtoNs(),
          Math.min(settings.maxRtoNs(), RTO_AFTER_SYN_TIMEOUT_NS));
    }
  }

  /** The current retransmission timeout. */
  @Override
  public long rtoNs() {
    return rtoNs;
  }

  /** SRTT, or 0 before the first sample. */
  @Override
  public long smoothedRttNs() {
    return srttNs;
  }

  /** RTTVAR, or 0 before the first sample. */
  @Override
  public long rttVariationNs() {
    return rttVarNs;
  }

  @Override
  public String toString() {
    return hasSample
        ? "Rfc6298RttEstimator[srttNs=" + srttNs + ", rttVarNs=" + rttVarNs + ", rtoNs=" + rtoNs
            + "]"
        : "Rfc6298RttEstimator[no sample, rtoNs=" + rtoNs + "]";
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
