package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

/**
 * Reno congestion control (RFC 5681) with the NewReno change to fast recovery (RFC 6582): slow
 * start, congestion avoidance, fast retransmit on the third duplicate ACK, and a fast recovery
 * that survives several losses in one window by retransmitting on each partial ACK.
 *
 * <p>The rules, with SMSS the sender's maximum segment size and FlightSize the bytes outstanding:
 *
 * <ul>
 *   <li><b>Start</b> (RFC 5681 §3.1): cwnd = IW ({@link CongestionControl#initialWindowBytes}),
 *       ssthresh "arbitrarily high" ({@link Long#MAX_VALUE} unless configured), recover = −1 (RFC
 *       6582 starts it at the ISN; −1 is below every absolute sequence number).
 *   <li><b>New ACK, outside recovery:</b> slow start while cwnd &lt; ssthresh, cwnd += min(N, SMSS)
 *       for N newly acknowledged bytes (equation 2); otherwise congestion avoidance, cwnd +=
 *       max(1, SMSS·SMSS/cwnd) (equation 3). Either only while the window is what limits the
 *       sender, as Linux's {@code tcp_is_cwnd_limited} decides it (RFC 9438 §4.6, RFC 7661 §4):
 *       in slow start while cwnd &lt; 2·FlightSize, in avoidance while FlightSize &gt; cwnd − SMSS
 *       (less than one segment of the window was unused). A sender held back by the receive window
 *       or by the application never grows a window it cannot use, so a later loss does not set
 *       ssthresh from a window that never carried data.
 *   <li><b>Third duplicate ACK</b> outside recovery, if SEG.ACK &gt; recover (RFC 6582 §3.2 step
 *       1): recover = SND.NXT − 1 (the highest sequence number sent), ssthresh = max(FlightSize/2,
 *       2·SMSS), cwnd = ssthresh + 3·SMSS, enter recovery, signal {@link
 *       Signal#FAST_RETRANSMIT}. If SEG.ACK ≤ recover, nothing happens: these duplicates may be
 *       echoes of the previous recovery or of a timeout's retransmissions.
 *   <li><b>Further duplicate ACKs in recovery:</b> cwnd += SMSS (RFC 5681 §3.2 step 4).
 *   <li><b>Partial ACK</b> in recovery (SEG.ACK ≤ recover, RFC 6582 §3.2 step 3): cwnd −= newly
 *       acknowledged bytes, then += SMSS if at least SMSS bytes were acknowledged (never below
 *       SMSS); stay in recovery; signal {@link Signal#PARTIAL_ACK_RETRANSMIT}.
 *   <li><b>Full ACK</b> (SEG.ACK &gt; recover): leave recovery with cwnd = min(ssthresh,
 *       max(FlightSize, SMSS) + SMSS), FlightSize being what remains outstanding after the ACK
 *       (option 1 of RFC 6582 §3.2 step 3, which avoids a burst).
 *   <li><b>Retransmission timeout</b> (RFC 5681 §3.1, RFC 6582 §3.2 step 4): ssthresh =
 *       max(FlightSize/2, 2·SMSS) — unless this is a repeated timeout with no new ACK in between
 *       (the same segment timing out again), when ssthresh is held — cwnd = 1·SMSS (the loss
 *       window), recover = SND.NXT − 1, leave recovery.
 *   <li><b>Idle restart</b> (RFC 5681 §4.1): before sending after more than one RTO without
 *       sending, cwnd = min(IW, cwnd).
 *   <li><b>HyStart++</b> (RFC 9406, optional): in the first slow start, cwnd grows by min(N,
 *       8·SMSS) per ACK (again only while cwnd &lt; 2·FlightSize) and {@link HyStartPlusPlus},
 *       which sees every ACK's RTT sample either way, may slow it down (CSS) and end slow start
 *       (ssthresh = cwnd) when the RTT grows; after any loss, standard slow start.
 *   <li><b>Recovery run by the sender</b> (with SACK; see {@link CongestionControl}): {@link
 *       #onLossDetected} reduces ssthresh like a third duplicate ACK and enters recovery, during
 *       which new ACKs leave cwnd to the sender; {@link #onRecoveryEnd} sets cwnd = ssthresh.
 *   <li><b>Undo</b> of a spurious congestion event (RFC 4015 §3, RFC 9438 §4.9): cwnd and
 *       ssthresh come back to at least their values in the {@link #undoPoint} taken before it, and
 *       the {@link WindowGrowth} to its state then while cwnd was still below the prior one.
 * </ul>
 *
 * <p>The congestion-avoidance increase (equation 3) and the ssthresh reduction are those of
 * Reno unless a {@link WindowGrowth} is given: {@link CubicWindowGrowth} turns this into CUBIC
 * (RFC 9438), whose fast recovery is this one with β = 0.7.
 *
 * <p>See {@link CongestionControl} for the call contract. Not thread-safe.
 */
public final class NewRenoCongestionControl implements CongestionControl {

  /** Duplicate ACKs that trigger fast retransmit (RFC 5681 §3.2). */
  public static final int DUPLICATE_ACK_THRESHOLD = 3;

  private final long smssBytes;
  private final long initialWindowBytes;
  private final WindowGrowth growth;

  private long cwndBytes;
  private long ssthreshBytes;
  private long recoverAbs = -1;
  private boolean inRecovery;
  private int duplicateAcks;
  private int timeoutsSinceNewAck;
  private boolean hasSent;
  private long lastSendNs;
  private final HyStartPlusPlus hyStart;
  private boolean recoveryRunBySender;
  private long pendingRttSampleNs = -1;

  /** A controller for segments of at most {@code smssBytes}, with ssthresh initially unbounded. */
  public NewRenoCongestionControl(long smssBytes) {
    this(smssBytes, Long.MAX_VALUE);
  }

  /**
   * A controller whose congestion-avoidance growth and loss reduction come from {@code growth}
   * (for example {@link CubicWindowGrowth}); loss recovery stays NewReno's, as RFC 9438 §4.6 asks.
   */
  public NewRenoCongestionControl(long smssBytes, WindowGrowth growth) {
    this(smssBytes, Long.MAX_VALUE, growth, false);
  }

  /**
   * A controller with the given growth whose first slow start runs HyStart++ (RFC 9406) if
   * {@code hyStart}.
   */
  public NewRenoCongestionControl(long smssBytes, WindowGrowth growth, boolean hyStart) {
    this(smssBytes, Long.MAX_VALUE, growth, hyStart);
  }

  /**
   * A controller for segments of at most {@code smssBytes} with the given initial ssthresh (RFC
   * 5681 §3.1 allows it to be reduced, e.g. from cached path information).
   *
   * @throws IllegalArgumentException if {@code smssBytes} is not positive or {@code
   *     initialSsthreshBytes} is below 2·SMSS
   */
  public NewRenoCongestionControl(long smssBytes, long initialSsthreshBytes) {
    this(smssBytes, initialSsthreshBytes, WindowGrowth.reno(), false);
  }

  /** A controller with both an initial ssthresh and a {@link WindowGrowth} of its own. */
  public NewRenoCongestionControl(long smssBytes, long initialSsthreshBytes,
      WindowGrowth growth) {
    this(smssBytes, initialSsthreshBytes, growth, false);
  }

  private NewRenoCongestionControl(long smssBytes, long initialSsthreshBytes,
      WindowGrowth growth, boolean hyStart) {
    this.hyStart = hyStart && initialSsthreshBytes == Long.MAX_VALUE ? new HyStartPlusPlus() : null;
    this.growth = java.util.Objects.requireNonNull(growth, "growth");
    this.initialWindowBytes = CongestionControl.initialWindowBytes(smssBytes);
    if (initialSsthreshBytes < 2 * smssBytes) {
      throw new IllegalArgumentException(
          "initial ssthresh "
              + initialSsthreshBytes
              + " must be at least 2·SMSS = "
              + 2 * smssBytes);
    }
    this.smssBytes = smssBytes;
    this.cwndBytes = initialWindowBytes;
    this.ssthreshBytes = initialSsthreshBytes;
  }

  @Override
  public Signal onAck(
      long nowNs, long ackedBytes, long flightSizeBeforeAckBytes, long ackAbs, long sndNxtAbs) {
    if (ackedBytes <= 0 || ackedBytes > flightSizeBeforeAckBytes) {
      throw new IllegalArgumentException(
          "acked bytes "
              + ackedBytes
              + " must be in [1, flightSizeBeforeAck = "
              + flightSizeBeforeAckBytes
              + "]");
    }
    if (ackAbs > sndNxtAbs) {
      throw new IllegalArgumentException(
          "ACK " + ackAbs + " acknowledges beyond SND.NXT " + sndNxtAbs);
    }
    duplicateAcks = 0;
    timeoutsSinceNewAck = 0;
    long rttSampleNs = pendingRttSampleNs;
    pendingRttSampleNs = -1;
    if (inRecovery && recoveryRunBySender) {
      return Signal.NONE; // the sender's PRR or RFC 6675 sets cwnd until the recovery ends
    }
    if (inRecovery) {
      if (ackAbs > recoverAbs) {
        long flightAfterAck = flightSizeBeforeAckBytes - ackedBytes;
        cwndBytes = Math.min(ssthreshBytes, Math.max(flightAfterAck, smssBytes) + smssBytes);
        inRecovery = false;
        return Signal.NONE;
      }
      long deflated = Math.max(0, cwndBytes - ackedBytes);
      if (ackedBytes >= smssBytes) {
        deflated += smssBytes;
      }
      cwndBytes = Math.max(deflated, smssBytes);
      return Signal.PARTIAL_ACK_RETRANSMIT;
    }
    if (cwndBytes < ssthreshBytes) {
      boolean cwndLimited = cwndBytes < 2 * flightSizeBeforeAckBytes;
      if (hyStart != null && ssthreshBytes == Long.MAX_VALUE) {
        // HyStart++ watches every round's RTTs; the window grows only while it limits the sender.
        long increase = hyStart.onAck(ackedBytes, smssBytes, ackAbs, sndNxtAbs, rttSampleNs);
        if (cwndLimited) {
          cwndBytes += increase;
        }
        if (hyStart.slowStartOver()) {
          ssthreshBytes = cwndBytes; // RFC 9406 §4.2: CSS is over, congestion avoidance begins
        }
      } else if (cwndLimited) {
        cwndBytes += Math.min(ackedBytes, smssBytes);
      }
    } else if (flightSizeBeforeAckBytes > cwndBytes - smssBytes) {
      cwndBytes = growth.grow(nowNs, cwndBytes, ackedBytes, smssBytes);
    }
    return Signal.NONE;
  }

  @Override
  public Signal onDuplicateAck(long nowNs, long ackAbs, long flightSizeBytes, long sndNxtAbs) {
    if (flightSizeBytes <= 0) {
      throw new IllegalArgumentException(
          "flight size "
              + flightSizeBytes
              + ": a duplicate ACK needs outstanding data (RFC 5681 §2)");
    }
    if (inRecovery) {
      cwndBytes += smssBytes;
      return Signal.NONE;
    }
    duplicateAcks++;
    if (duplicateAcks != DUPLICATE_ACK_THRESHOLD || ackAbs <= recoverAbs) {
      return Signal.NONE;
    }
    recoverAbs = sndNxtAbs - 1;
    ssthreshBytes = growth.reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
    cwndBytes = ssthreshBytes + 3 * smssBytes;
    inRecovery = true;
    return Signal.FAST_RETRANSMIT;
  }

  @Override
  public void onRetransmissionTimeout(long nowNs, long flightSizeBytes, long sndNxtAbs) {
    if (timeoutsSinceNewAck == 0) {
      ssthreshBytes = growth.reduceOnTimeout(nowNs, cwndBytes, flightSizeBytes, smssBytes);
    }
    timeoutsSinceNewAck++;
    cwndBytes = smssBytes;
    recoverAbs = sndNxtAbs - 1;
    inRecovery = false;
    recoveryRunBySender = false;
    duplicateAcks = 0;
  }

  @Override
  public void onRttSample(long nowNs, long rttNs) {
    pendingRttSampleNs = rttNs;
  }

  /** This controller takes the sender's recovery hooks (RFC 6675, RFC 6937). */
  @Override
  public boolean supportsSenderRecovery() {
    return true;
  }

  @Override
  public long onLossDetected(long nowNs, long flightSizeBytes, long sndNxtAbs) {
    ssthreshBytes = growth.reduce(nowNs, cwndBytes, flightSizeBytes, smssBytes);
    recoverAbs = sndNxtAbs - 1;
    inRecovery = true;
    recoveryRunBySender = true;
    duplicateAcks = 0;
    return ssthreshBytes;
  }

  @Override
  public void setWindowInRecovery(long cwndBytes) {
    if (!inRecovery || !recoveryRunBySender) {
      throw new IllegalStateException("cwnd is set from outside only during a recovery the sender"
          + " runs (after onLossDetected), not in " + this);
    }
    this.cwndBytes = Math.max(cwndBytes, 0);
  }

  @Override
  public void onRecoveryEnd() {
    if (inRecovery && recoveryRunBySender) {
      cwndBytes = ssthreshBytes;
      inRecovery = false;
      recoveryRunBySender = false;
    }
  }

  @Override
  public UndoPoint undoPoint() {
    return new UndoPoint(cwndBytes, ssthreshBytes, growth.save());
  }

  @Override
  public void undo(UndoPoint prior) {
    if (cwndBytes < prior.cwndBytes()) {
      if (prior.implementationState() instanceof WindowGrowth.Saved saved) {
        growth.restore(saved);
      } // RFC 9438 §4.9: only while cwnd is below prior_cwnd
    }
    cwndBytes = Math.max(cwndBytes, prior.cwndBytes());
    ssthreshBytes = Math.max(ssthreshBytes, prior.ssthreshBytes());
    inRecovery = false;
    recoveryRunBySender = false;
    timeoutsSinceNewAck = 0;
  }

  /** The HyStart++ state of the first slow start, or null if it does not run. */
  public HyStartPlusPlus hyStart() {
    return hyStart;
  }

  @Override
  public void beforeSendingData(long nowNs, long rtoNs) {
    if (hasSent && nowNs - lastSendNs > rtoNs) {
      cwndBytes = Math.min(initialWindowBytes, cwndBytes);
    }
    hasSent = true;
    lastSendNs = nowNs;
  }

  @Override
  public long cwndBytes() {
    return cwndBytes;
  }

  @Override
  public long ssthreshBytes() {
    return ssthreshBytes;
  }

  @Override
  public boolean inRecovery() {
    return inRecovery;
  }

  /** RFC 6582's recover: the highest sequence number sent when recovery or the last RTO began. */
  public long recoverAbs() {
    return recoverAbs;
  }

  /**
   * Duplicate ACKs counted since the last new ACK or timeout (outside recovery); a sender doing
   * limited transmit (RFC 3042) sends new data on the first and second.
   */
  public int duplicateAckCount() {
    return duplicateAcks;
  }

  public long smssBytes() {
    return smssBytes;
  }

  /** IW for this SMSS (RFC 5681 §3.1). */
  public long initialWindowBytes() {
    return initialWindowBytes;
  }

  @Override
  public String toString() {
    return "NewReno/" + growth + (hyStart != null ? "/" + hyStart : "") + "[cwnd="
        + cwndBytes
        + ", ssthresh="
        + (ssthreshBytes == Long.MAX_VALUE ? "inf" : Long.toString(ssthreshBytes))
        + (inRecovery ? ", recovering to " + recoverAbs : "")
        + ", dupAcks="
        + duplicateAcks
        + "]";
  }
}
