package org.minitransport.tcp.internal;

/**
 * TLP, the tail loss probe of RFC 8985 §7: when the last segments of a flight are lost, no ACK
 * comes back to start recovery and only the RTO would repair them. Instead, two smoothed RTTs
 * after the last send the sender sends one probe — the next new segment, or a retransmission of
 * the highest one — whose ACK (with SACK) lets RACK find the losses at once.
 *
 * <ul>
 *   <li><b>When</b> (§7.2): {@link #probeTimeoutNs} — PTO = 2·SRTT, plus the worst-case delayed
 *       ACK (200 ms) when only one segment is in flight, 1 s before any RTT sample; never later than
 *       the RTO. The sender arms it after sending new data or on a cumulative ACK, while it is not
 *       in recovery, holds no SACKed segment and has no probe outstanding;
 *   <li><b>what</b> (§7.3): the sender's business; it then calls {@link #onProbeSent} and restarts
 *       the RTO;
 *   <li><b>afterwards</b> (§7.4): {@link #onAck} tells whether the probe repaired a loss, so that
 *       congestion control reacts as for any loss, or was needless.
 * </ul>
 *
 * <p>Where RFC 8985 §7.4 must wait for a D-SACK to learn that the original arrived, a connection
 * with timestamps can tell at once: an ACK that covers the probe but echoes an earlier timestamp
 * was sent for the original (Eifel detection, RFC 3522). Not thread-safe.
 */
public final class TailLossProbe {

  /** WCDelAckT of RFC 8985 §7.2: the worst-case delayed-ACK time assumed of the peer. */
  public static final long WORST_CASE_DELAYED_ACK_NS = 200_000_000L;

  /** PTO before any RTT sample (RFC 8985 §7.2). */
  public static final long PTO_WITHOUT_RTT_NS = 1_000_000_000L;

  /** What the ACK of an outstanding probe showed. */
  public enum Outcome {
    /** No probe outstanding, or the ACK does not cover it yet. */
    PENDING,
    /** The probe was new data and it was delivered: nothing was lost. */
    NEW_DATA_DELIVERED,
    /** Both the original and the probe arrived: the probe was not needed. */
    NEEDLESS,
    /** The probe repaired a lost segment: congestion control must react (§7.4.2). */
    REPAIRED_A_LOSS
  }

  private static final long NONE = -1;

  private long endSeqAbs = NONE;
  private boolean retransmission;
  private long sentNs;

  /**
   * RFC 8985 §7.2 TLP_calc_PTO: the time of the probe.
   *
   * @param srttNs SRTT, or 0 before the first sample
   * @param oneSegmentInFlight whether FlightSize is a single segment (the peer may delay its ACK)
   * @param rtoDeadlineNs when the RTO would fire
   */
  public static long probeTimeoutNs(long nowNs, long srttNs, boolean oneSegmentInFlight,
      long rtoDeadlineNs) {
    long pto;
    if (srttNs > 0) {
      pto = 2 * srttNs + (oneSegmentInFlight ? WORST_CASE_DELAYED_ACK_NS : 0);
    } else {
      pto = PTO_WITHOUT_RTT_NS;
    }
    return Math.min(nowNs + pto, rtoDeadlineNs);
  }

  /** TLP.end_seq: SND.NXT after the outstanding probe, or -1. */
  public long endSeqAbs() {
    return endSeqAbs;
  }

  /** Whether a probe was sent and its fate is not known yet (TLP.end_seq is set). */
  public boolean outstanding() {
    return endSeqAbs != NONE;
  }

  /**
   * A probe went out (§7.3).
   *
   * @param sndNxtAbs SND.NXT after the probe (TLP.end_seq)
   * @param wasRetransmission whether it retransmitted the highest segment (TLP.is_retrans)
   */
  public void onProbeSent(long sndNxtAbs, boolean wasRetransmission, long nowNs) {
    endSeqAbs = sndNxtAbs;
    retransmission = wasRetransmission;
    sentNs = nowNs;
  }

  /**
   * RFC 8985 §7.4 TLP_process_ack for one ACK.
   *
   * @param dsackCoversProbe the ACK carries a D-SACK for the probe's sequence space
   * @param duplicateWithoutSack the ACK is a duplicate (SEG.ACK = TLP.end_seq, no data) without
   *     SACK blocks: the peer got the probe as a duplicate and sends no D-SACKs
   * @param echoedTimestampMs the ACK's TSecr on our millisecond clock, or -1
   */
  public Outcome onAck(long ackAbs, boolean dsackCoversProbe, boolean duplicateWithoutSack,
      long echoedTimestampMs) {
    if (endSeqAbs == NONE || ackAbs < endSeqAbs) {
      return Outcome.PENDING;
    }
    if (!retransmission) {
      endSeqAbs = NONE;
      return Outcome.NEW_DATA_DELIVERED;
    }
    if (dsackCoversProbe) {
      endSeqAbs = NONE;
      return Outcome.NEEDLESS;
    }
    if (echoedTimestampMs >= 0 && echoedTimestampMs < sentNs / 1_000_000L) {
      endSeqAbs = NONE; // the ACK answers the original segment: it was not lost
      return Outcome.NEEDLESS;
    }
    if (ackAbs > endSeqAbs || echoedTimestampMs >= 0) {
      endSeqAbs = NONE;
      return Outcome.REPAIRED_A_LOSS;
    }
    if (duplicateWithoutSack) {
      endSeqAbs = NONE; // both arrived, and the peer does not send D-SACKs (Linux reads it so)
      return Outcome.NEEDLESS;
    }
    return Outcome.PENDING;
  }

  /** Forgets the probe (recovery or an RTO took over). */
  public void cancel() {
    endSeqAbs = NONE;
  }

  @Override
  public String toString() {
    return endSeqAbs == NONE ? "TLP[none]"
        : "TLP[end=" + endSeqAbs + (retransmission ? " retransmission" : " new data") + "]";
  }
}
