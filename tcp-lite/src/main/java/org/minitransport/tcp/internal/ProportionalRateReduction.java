package org.minitransport.tcp.internal;

import org.minitransport.tcp.LossRecoveryConfig;

/**
 * Proportional Rate Reduction (RFC 6937 §3): how much a sender in fast recovery may send on each
 * ACK, so that the data in flight falls smoothly from where it was to ssthresh over one round trip
 * — instead of RFC 6675's half window of silence and then a burst.
 *
 * <pre>
 * on entering recovery:  prr_delivered = prr_out = 0; RecoverFS = data in flight
 * on every ACK in recovery, DeliveredData = newly cumulatively acknowledged + newly SACKed bytes:
 *   prr_delivered += DeliveredData
 *   if pipe &gt; ssthresh:                                      // proportional part
 *     sndcnt = ⌈prr_delivered · ssthresh / RecoverFS⌉ − prr_out
 *   else:                                                      // the reduction bound
 *     CONSERVATIVE (PRR-CRB):  limit = prr_delivered − prr_out
 *     SLOW_START   (PRR-SSRB): limit = max(prr_delivered − prr_out, DeliveredData) + SMSS
 *     SAFE_ACK (RFC 9937, Linux): limit = max(prr_delivered − prr_out, DeliveredData),
 *                                 + SMSS if the ACK advanced SND.UNA and showed no new loss
 *     sndcnt = min(ssthresh − pipe, limit)
 *   sndcnt ≥ SMSS while prr_out = 0: the first retransmission always goes (RFC 6675 step 4.3)
 * on every (re)transmission in recovery: prr_out += bytes sent
 * </pre>
 *
 * <p>The sender then lets cwnd = pipe + sndcnt. RecoverFS is the flight less what the peer had
 * SACKed before the recovery began (RFC 9937 §6.1's refinement of RFC 6937's FlightSize; the same
 * when nothing was SACKed). Not thread-safe; one per sender.
 */
public final class ProportionalRateReduction {

  private final LossRecoveryConfig.Prr bound;
  private final long smssBytes;
  private long ssthreshBytes;
  private long recoverFsBytes;
  private long prrDeliveredBytes;
  private long prrOutBytes;

  /**
   * @param bound which reduction bound applies once the pipe is at or below ssthresh; not {@link
   *     LossRecoveryConfig.Prr#OFF}
   * @throws IllegalArgumentException if {@code bound} is OFF or SMSS is not positive
   */
  public ProportionalRateReduction(LossRecoveryConfig.Prr bound, long smssBytes) {
    if (bound == LossRecoveryConfig.Prr.OFF || smssBytes <= 0) {
      throw new IllegalArgumentException("PRR needs a reduction bound (got " + bound
          + ") and a positive SMSS (got " + smssBytes + ")");
    }
    this.bound = bound;
    this.smssBytes = smssBytes;
  }

  /** Recovery begins (RFC 6937 §3, "on entering recovery"). */
  public void start(long ssthreshBytes, long recoverFsBytes) {
    this.ssthreshBytes = ssthreshBytes;
    this.recoverFsBytes = Math.max(recoverFsBytes, 1);
    this.prrDeliveredBytes = 0;
    this.prrOutBytes = 0;
  }

  /**
   * One ACK in recovery.
   *
   * @param deliveredBytes DeliveredData of this ACK
   * @param pipeBytes the pipe (RFC 6675 SetPipe) after the ACK was applied
   * @param safeAck the ACK advanced SND.UNA and marked no segment lost (for {@code SAFE_ACK})
   * @return sndcnt: bytes that may be sent now
   */
  public long onAck(long deliveredBytes, long pipeBytes, boolean safeAck) {
    prrDeliveredBytes += deliveredBytes;
    long sndcnt;
    if (pipeBytes > ssthreshBytes) {
      long out = ceilDiv(prrDeliveredBytes * ssthreshBytes, recoverFsBytes);
      sndcnt = out - prrOutBytes;
    } else {
      long banked = prrDeliveredBytes - prrOutBytes;
      long limit = switch (bound) {
        case CONSERVATIVE -> banked;
        case SLOW_START -> Math.max(banked, deliveredBytes) + smssBytes;
        default -> Math.max(banked, deliveredBytes) + (safeAck ? smssBytes : 0);
      };
      sndcnt = Math.min(ssthreshBytes - pipeBytes, limit);
    }
    if (prrOutBytes == 0) {
      sndcnt = Math.max(sndcnt, smssBytes);
    }
    return Math.max(sndcnt, 0);
  }

  /** Bytes (re)transmitted during recovery (prr_out). */
  public void onSent(long bytes) {
    prrOutBytes += bytes;
  }

  public long prrDeliveredBytes() {
    return prrDeliveredBytes;
  }

  public long prrOutBytes() {
    return prrOutBytes;
  }

  public long recoverFsBytes() {
    return recoverFsBytes;
  }

  @Override
  public String toString() {
    return "PRR-" + bound + "[delivered=" + prrDeliveredBytes + " out=" + prrOutBytes
        + " RecoverFS=" + recoverFsBytes + " ssthresh=" + ssthreshBytes + "]";
  }

  private static long ceilDiv(long x, long y) {
    return x <= 0 ? 0 : (x - 1) / y + 1;
  }
}
