package org.minitransport.tcp.component;

/**
 * Smoothed round-trip time and retransmission timeout as RFC 6298 §2 computes them. Times are
 * nanoseconds.
 *
 * <p><b>Contract</b> (with the {@link org.minitransport.tcp.RtoSettings} given to the factory):
 *
 * <ul>
 *   <li>Before any sample, RTO is the initial RTO (§2.1).
 *   <li>First sample R (§2.2): SRTT = R, RTTVAR = R/2. Later samples R' (§2.3): RTTVAR = ¾·RTTVAR
 *       + ¼·|SRTT − R'| (with the old SRTT), then SRTT = ⅞·SRTT + ⅛·R'.
 *   <li>After each sample: RTO = SRTT + max(G, 4·RTTVAR), clamped to [minRto, maxRto] (§2.4,
 *       §2.5).
 *   <li>{@link #backoff()}: RTO doubles, at most maxRto (§5.5); the next sample ends the backoff.
 *   <li>Karn's algorithm (§3) is the caller's job: samples never come from retransmissions.
 * </ul>
 */
public interface RttEstimator {

  /**
   * One round-trip measurement.
   *
   * @throws IllegalArgumentException if {@code rttNs} is negative
   */
  void addSample(long rttNs);

  /** The retransmission timer expired: double RTO, up to maxRto (RFC 6298 §5.5). */
  void backoff();

  /** The current RTO. */
  long rtoNs();

  /** SRTT, or 0 before the first sample. */
  long smoothedRttNs();

  /** RTTVAR, or 0 before the first sample. */
  long rttVariationNs();

  /**
   * Optional (RFC 6298 §5.7): a SYN timed out, so once the handshake completes RTO is 3 s
   * (clamped to [minRto, maxRto]) unless a sample has been taken. The default leaves RTO as it
   * is.
   */
  default void resetAfterSynTimeout() {}
}
