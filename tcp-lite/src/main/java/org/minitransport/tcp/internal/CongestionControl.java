package org.minitransport.tcp.internal;

/**
 * A sender's congestion controller: owns the congestion window (cwnd) and slow-start threshold
 * (ssthresh) of RFC 5681 and tells the sender when loss recovery calls for a retransmission. It
 * never sends anything itself; the TcpSender drives it with the events below and obeys {@link
 * #cwndBytes()}.
 *
 * <p><b>Numbers.</b> Sequence positions are absolute 64-bit sequence numbers (never wrapping; see
 * {@link org.minitransport.tcp.SeqNum#unwrap}); sizes are bytes of sequence space; times are
 * nanoseconds from the same clock the sender is given.
 *
 * <p><b>Call contract</b> (the sender classifies each incoming ACK first, per RFC 5681 §2):
 *
 * <ol>
 *   <li>An ACK that acknowledges new data (SEG.ACK &gt; SND.UNA): call {@link #onAck} before
 *       advancing SND.UNA, with the bytes newly acknowledged and the flight size (SND.NXT − SND.UNA)
 *       as it was before the ACK.
 *   <li>A <em>duplicate ACK</em> as RFC 5681 §2 defines it — the sender has outstanding data, the
 *       ACK carries no data and neither SYN nor FIN, SEG.ACK == SND.UNA, and the advertised window
 *       is unchanged (with SACK, RFC 6675 widens this): call {@link #onDuplicateAck}. Deciding what
 *       is a duplicate is the sender's job; the controller counts them. Any other ACK (window
 *       update, old ACK) is not reported.
 *   <li>The retransmission timer expired: call {@link #onRetransmissionTimeout} (once per
 *       expiry), then retransmit the earliest unacknowledged segment.
 *   <li>Before sending new data: call {@link #beforeSendingData}, then send while the flight size
 *       is below {@code min(cwnd, rwnd)}.
 * </ol>
 *
 * <p>The return value of {@code onAck} and {@code onDuplicateAck} says whether to retransmit the
 * earliest unacknowledged segment now. Everything else (which segment that is, the retransmission
 * timer, limited transmit on the first two duplicate ACKs per RFC 3042, Karn's rule) stays with
 * the sender.
 *
 * <p><b>Recovery run by the sender.</b> With SACK, the sender finds losses itself (RFC 6675,
 * RACK) and sizes sending during recovery itself (PRR, RFC 6937); it never calls {@link
 * #onDuplicateAck}. Instead: {@link #onLossDetected} when a recovery begins (the congestion event:
 * ssthresh falls), {@link #setWindowInRecovery} as PRR decides, {@link #onRecoveryEnd} when
 * SND.UNA passes the recovery point (cwnd = ssthresh), and {@link #undo} if the recovery proves
 * spurious. {@link #onAck} still comes with every new ACK; during such a recovery it changes
 * nothing. Timeouts, slow start and congestion avoidance are the same in both modes.
 *
 * <p>Implementations are not thread-safe; one sender owns one controller.
 */
public interface CongestionControl {

  /** What the sender should do after an ACK event. */
  enum Signal {
    /** Nothing beyond sending what the (possibly new) window allows. */
    NONE,
    /**
     * Third duplicate ACK: loss detected; retransmit the earliest unacknowledged segment now (RFC
     * 5681 §3.2 step 2–3, RFC 6582 §3.2 step 1).
     */
    FAST_RETRANSMIT,
    /**
     * A partial ACK during fast recovery: the next hole is lost too; retransmit the earliest
     * unacknowledged segment now (RFC 6582 §3.2 step 3). On the first partial ACK of a recovery
     * the sender also restarts the retransmission timer.
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
   * An ACK acknowledged new data.
   *
   * @param nowNs when the ACK arrived
   * @param ackedBytes SEG.ACK − SND.UNA, positive
   * @param flightSizeBeforeAckBytes SND.NXT − SND.UNA before this ACK; at least {@code ackedBytes}
   * @param ackAbs SEG.ACK as an absolute sequence number
   * @param sndNxtAbs SND.NXT (the next sequence number to send) as an absolute sequence number
   * @return whether to retransmit the earliest unacknowledged segment now
   * @throws IllegalArgumentException if {@code ackedBytes} is not positive or exceeds the flight
   */
  Signal onAck(
      long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs, long sndNxtAbs);

  /**
   * A duplicate ACK as RFC 5681 §2 defines it (see the class comment).
   *
   * @param nowNs when the ACK arrived
   * @param ackAbs SEG.ACK (== SND.UNA) as an absolute sequence number
   * @param flightSizeBytes SND.NXT − SND.UNA
   * @param sndNxtAbs SND.NXT as an absolute sequence number
   * @return whether to retransmit the earliest unacknowledged segment now
   */
  Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs);

  /**
   * The retransmission timer expired (RFC 5681 §3.1 equation 4 and the paragraph after it; RFC
   * 6582 §3.2 step 4). Call once per expiry, before retransmitting.
   *
   * @param nowNs when the timer expired
   * @param flightSizeBytes SND.NXT − SND.UNA
   * @param sndNxtAbs SND.NXT as an absolute sequence number
   */
  void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs);

  /**
   * The sender is about to send new data (RFC 5681 §4.1): if it has sent nothing for more than
   * {@code rtoNs}, the window restarts from min(IW, cwnd). Call before computing how much may be
   * sent; the call also records {@code nowNs} as the last send time.
   *
   * @param nowNs now
   * @param rtoNs the current retransmission timeout (from the {@link RttEstimator})
   */
  void beforeSendingData(long nowNs, long rtoNs);

  /**
   * An RTT sample the current ACK gave (RFC 6298 rules, Karn's included), reported just before
   * {@link #onAck} for the same ACK; slow start with HyStart++ (RFC 9406) watches these.
   */
  default void onRttSample(long nowNs, long rttNs) {}

  /**
   * The sender's loss recovery found a loss and begins fast recovery (RFC 6675 §5 step 4.2, RFC
   * 8985 §4): the congestion event. ssthresh falls as after a third duplicate ACK; cwnd is left for
   * the sender to set with {@link #setWindowInRecovery}.
   *
   * @return the new ssthresh
   */
  long onLossDetected(long nowNs, long flightSizeBytes, long sndNxtAbs);

  /** During a recovery the sender runs, cwnd as the sender's PRR (RFC 6937) or RFC 6675 sets it. */
  void setWindowInRecovery(long cwndBytes);

  /** The sender's recovery ended (SND.UNA ≥ recovery point): cwnd = ssthresh (RFC 6937 §3). */
  void onRecoveryEnd();

  /**
   * What {@link #undo} gives back if the congestion event about to happen proves spurious: cwnd,
   * ssthresh and the window-growth function's own state (for CUBIC, RFC 9438 §4.9: W_max, K, the
   * epoch's start, W_est). Take it just before {@link #onLossDetected} or {@link
   * #onRetransmissionTimeout}.
   */
  UndoPoint undoPoint();

  /**
   * The last congestion event was spurious (RFC 3522/3708 detection, RFC 4015 response): cwnd and
   * ssthresh return to at least what {@code prior} holds, and any recovery ends. If cwnd is still
   * below {@code prior}'s, the window-growth function returns to its state in {@code prior} too,
   * so that the window grows on as if the event had not happened; if cwnd already grew past it,
   * the growth function keeps its current state (RFC 9438 §4.9).
   */
  void undo(UndoPoint prior);

  /**
   * A controller's state before a congestion event (see {@link #undoPoint}).
   *
   * @param growth the window-growth function's own state ({@link WindowGrowth#save()}), or null
   */
  record UndoPoint(long cwndBytes, long ssthreshBytes, WindowGrowth.Saved growth) {

    /** This point with another ssthresh to restore (Linux restores a raised one, see callers). */
    public UndoPoint withSsthresh(long value) {
      return new UndoPoint(cwndBytes, value, growth);
    }
  }

  /** The congestion window: the sender keeps SND.NXT − SND.UNA ≤ min(cwnd, rwnd). */
  long cwndBytes();

  /** The slow-start threshold; {@link Long#MAX_VALUE} until the first loss. */
  long ssthreshBytes();

  /** True between entering fast recovery and the ACK that ends it (or a timeout). */
  boolean inRecovery();
}
