package org.minitransport.tcp.component;

/**
 * A sender's congestion controller: owns the congestion window (cwnd) and slow-start threshold
 * (ssthresh) of RFC 5681 and says when loss recovery calls for a retransmission. It never sends
 * anything; the {@link TcpSender} drives it with the events below and obeys {@link #cwndBytes()}.
 * The reference is NewReno (RFC 5681, RFC 6582) with Reno or CUBIC (RFC 9438) window growth.
 *
 * <p><b>Numbers.</b> Sequence positions are absolute 64-bit sequence numbers (0 is the SYN; they
 * never wrap); sizes are bytes of sequence space; times are nanoseconds from the sender's clock.
 *
 * <p><b>Call contract</b> (the sender classifies each incoming ACK first, RFC 5681 §2):
 *
 * <ol>
 *   <li>An ACK of new data (SEG.ACK &gt; SND.UNA): {@link #onAck}, before SND.UNA advances, with
 *       the bytes newly acknowledged and the flight size (SND.NXT − SND.UNA) before the ACK.
 *   <li>A duplicate ACK as RFC 5681 §2 defines it (data outstanding, no data, SYN or FIN in the
 *       segment, SEG.ACK == SND.UNA, window unchanged): {@link #onDuplicateAck}. Any other ACK is
 *       not reported.
 *   <li>The retransmission timer expired: {@link #onRetransmissionTimeout}, once per expiry,
 *       before retransmitting (RFC 5681 §3.1 equation 4: ssthresh = max(FlightSize / 2, 2·SMSS),
 *       cwnd = 1 SMSS).
 *   <li>Before sending new data: {@link #beforeSendingData} (restart after idle, RFC 5681 §4.1),
 *       then send while the flight size stays below {@code min(cwnd, rwnd)}.
 * </ol>
 *
 * <p>{@code onAck} and {@code onDuplicateAck} return whether to retransmit the earliest
 * unacknowledged segment now; which segment that is, the timer, limited transmit (RFC 3042) and
 * Karn's rule stay with the sender.
 *
 * <p><b>Optional: recovery run by the sender.</b> A sender with SACK (RFC 6675, RACK RFC 8985,
 * PRR RFC 6937) finds losses and paces recovery itself; it uses {@link #onLossDetected}, {@link
 * #setWindowInRecovery}, {@link #onRecoveryEnd} and {@link #undo} instead of {@code
 * onDuplicateAck}, but only if {@link #supportsSenderRecovery()} says so. The defaults: no
 * support (the reference sender then recovers with duplicate ACKs as RFC 6582 does, SACK or
 * not), and no undo.
 *
 * <p>Not thread-safe; one sender owns one controller.
 */
public interface CongestionControl {

  /** What the sender should do after an ACK event. */
  enum Signal {
    /** Nothing beyond sending what the (possibly new) window allows. */
    NONE,
    /**
     * Third duplicate ACK: loss detected; retransmit the earliest unacknowledged segment now (RFC
     * 5681 §3.2 steps 2–3, RFC 6582 §3.2 step 1).
     */
    FAST_RETRANSMIT,
    /**
     * A partial ACK during fast recovery: retransmit the earliest unacknowledged segment now (RFC
     * 6582 §3.2 step 3). On the first partial ACK of a recovery the sender also restarts the
     * retransmission timer.
     */
    PARTIAL_ACK_RETRANSMIT;

    /** True iff the sender should retransmit the earliest unacknowledged segment now. */
    public boolean retransmitsFirstUnacked() {
      return this != NONE;
    }
  }

  /**
   * The initial window of RFC 5681 §3.1 (equation 1, min(4·SMSS, max(2·SMSS, 4380 bytes))): 4
   * segments if SMSS ≤ 1095 bytes, 3 if SMSS ≤ 2190, else 2.
   *
   * @throws IllegalArgumentException if {@code smssBytes} is not positive
   */
  static long initialWindowBytes(long smssBytes) {
    if (smssBytes <= 0) {
      throw new IllegalArgumentException("SMSS " + smssBytes + " must be positive");
    }
    if (smssBytes <= 1095) {
      return 4 * smssBytes;
    }
    return smssBytes <= 2190 ? 3 * smssBytes : 2 * smssBytes;
  }

  /**
   * An ACK acknowledged new data (RFC 5681 §3.1 slow start and congestion avoidance; RFC 6582
   * §3.2 steps 3–5 in fast recovery).
   *
   * @param ackedBytes SEG.ACK − SND.UNA, positive
   * @param flightSizeBeforeAckBytes SND.NXT − SND.UNA before this ACK; at least {@code ackedBytes}
   * @param ackAbs SEG.ACK, absolute
   * @param sndNxtAbs SND.NXT (the highest sequence number sent + 1), absolute
   * @throws IllegalArgumentException if {@code ackedBytes} is not positive or exceeds the flight
   */
  Signal onAck(
      long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs, long sndNxtAbs);

  /**
   * A duplicate ACK as RFC 5681 §2 defines it (RFC 5681 §3.2, RFC 6582 §3.2).
   *
   * @param ackAbs SEG.ACK (== SND.UNA), absolute
   * @param flightSizeBytes SND.NXT − SND.UNA
   */
  Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs);

  /** The retransmission timer expired (RFC 5681 §3.1 equation 4; RFC 6582 §3.2 step 4). */
  void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs);

  /**
   * The sender is about to send new data (RFC 5681 §4.1): after more than {@code rtoNs} without
   * sending, cwnd restarts from min(IW, cwnd). Records {@code nowNs} as the last send time.
   */
  void beforeSendingData(long nowNs, long rtoNs);

  /** The congestion window: the sender keeps SND.NXT − SND.UNA ≤ min(cwnd, rwnd). */
  long cwndBytes();

  /** The slow-start threshold; {@link Long#MAX_VALUE} until the first loss. */
  long ssthreshBytes();

  /** True between entering fast recovery and the ACK that ends it (or a timeout). */
  boolean inRecovery();

  /**
   * Optional: an RTT sample the current ACK gave, just before {@link #onAck} for the same ACK
   * (slow start with HyStart++, RFC 9406, watches these). The default ignores it.
   */
  default void onRttSample(long nowNs, long rttNs) {}

  /**
   * Optional: whether this controller takes the recovery hooks below ({@link #onLossDetected},
   * {@link #setWindowInRecovery}, {@link #onRecoveryEnd}). The default: false.
   */
  default boolean supportsSenderRecovery() {
    return false;
  }

  /**
   * Optional: the sender's loss recovery found a loss and begins fast recovery (RFC 6675 §5 step
   * 4.2, RFC 8985 §4): ssthresh falls as after a third duplicate ACK; cwnd is left for {@link
   * #setWindowInRecovery}.
   *
   * @return the new ssthresh
   * @throws UnsupportedOperationException by default (see {@link #supportsSenderRecovery()})
   */
  default long onLossDetected(long nowNs, long flightSizeBytes, long sndNxtAbs) {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not take recovery hooks (supportsSenderRecovery() is false)");
  }

  /**
   * Optional: during a recovery the sender runs, cwnd as its PRR (RFC 6937) sets it.
   *
   * @throws UnsupportedOperationException by default (see {@link #supportsSenderRecovery()})
   */
  default void setWindowInRecovery(long cwndBytes) {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not take recovery hooks (supportsSenderRecovery() is false)");
  }

  /**
   * Optional: the sender's recovery ended (SND.UNA ≥ recovery point): cwnd = ssthresh (RFC 6937
   * §3).
   *
   * @throws UnsupportedOperationException by default (see {@link #supportsSenderRecovery()})
   */
  default void onRecoveryEnd() {
    throw new UnsupportedOperationException(getClass().getName()
        + " does not take recovery hooks (supportsSenderRecovery() is false)");
  }

  /**
   * Optional: what {@link #undo} gives back if the congestion event about to happen proves
   * spurious (RFC 4015; for CUBIC, RFC 9438 §4.9). Taken just before {@link #onLossDetected} or
   * {@link #onRetransmissionTimeout}. The default: cwnd and ssthresh only.
   */
  default UndoPoint undoPoint() {
    return new UndoPoint(cwndBytes(), ssthreshBytes(), null);
  }

  /**
   * Optional: the last congestion event was spurious (RFC 3522/3708 detection, RFC 4015
   * response): cwnd and ssthresh return to at least {@code prior}'s, and any recovery ends. The
   * default does nothing (no undo: the window stays reduced, which is safe).
   */
  default void undo(UndoPoint prior) {}

  /**
   * A controller's state before a congestion event (see {@link #undoPoint}).
   *
   * @param implementationState what else the implementation restores (the reference: its
   *     window-growth function's state, RFC 9438 §4.9), or null
   */
  record UndoPoint(long cwndBytes, long ssthreshBytes, Object implementationState) {

    /** This point with another ssthresh to restore. */
    public UndoPoint withSsthresh(long value) {
      return new UndoPoint(cwndBytes, value, implementationState);
    }
  }
}
