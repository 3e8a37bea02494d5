package org.minitransport.tcp.internal;

/**
 * RACK (RFC 8985 §6): time-based loss detection. A segment is lost when a segment sent after it
 * has been delivered and more than an RTT plus a reordering window has passed since it was sent —
 * instead of counting three duplicate ACKs, so that a lost retransmission, a loss near the end of
 * a flight and a loss in a small window are all found without waiting for the RTO.
 *
 * <p>The steps of RFC 8985 §6.2, in the order the sender calls them on each ACK:
 *
 * <ol>
 *   <li>{@link #onDelivered} for each segment the ACK newly delivers, in sequence order: RACK.rtt,
 *       RACK.xmit_ts and RACK.end_seq follow the most recently sent one (step 2; a retransmitted
 *       segment counts unless its RTT is below RACK.min_RTT or, when the ACK acknowledges it
 *       cumulatively, the ACK's timestamp echo is older than the retransmission — a SACK's echo is
 *       of the segment that last advanced the peer's RCV.NXT, RFC 7323 §4.3, so it tells nothing
 *       of the SACKed one, and Linux's {@code tcp_rack_advance} uses min_RTT alone),
 *       RACK.min_RTT the smallest RTT (step 1), and a segment
 *       delivered below RACK.fack that was never retransmitted shows reordering (step 3);
 *   <li>{@link #onAck} once per ACK: a D-SACK widens the reordering window for the following
 *       round trip, and sixteen recoveries without one shrink it back (step 4);
 *   <li>{@link #detectLoss}: marks lost every unSACKed segment sent before RACK.xmit_ts whose time
 *       is up, and returns how long until the next one's time is up, for the reordering timer
 *       (step 5, §6.3).
 * </ol>
 *
 * <p>The reordering window (step 4) is min(reo_wnd_mult · min_RTT / 4, SRTT), but 0 while no
 * reordering has been seen and the sender is in recovery or holds DupThresh SACKed segments — so
 * without reordering RACK is at least as quick as RFC 6675's DupThresh.
 *
 * <p>min_RTT is the smallest RTT seen over the connection's life (the RFC allows any estimate;
 * Linux uses a five-minute windowed minimum). "Sent after" compares transmission times and, for
 * equal times, the order in which the scoreboard saw the transmissions, where RFC 8985 compares
 * end sequence numbers: the same for original segments, but a retransmission sent in the same
 * instant as new data (common under a virtual clock, and within a clock tick in Linux) was sent
 * after it, not before. Times are nanoseconds; not thread-safe.
 */
public final class RackLossDetection {

  /** Recoveries without a D-SACK after which the window multiplier falls back to 1 (step 4). */
  public static final int REO_WND_PERSIST = 16;

  private static final long NONE = -1;

  private long xmitNs = NONE;
  private long transmissionNumber;
  private long endSeqAbs;
  private long rttNs;
  private long minRttNs = Long.MAX_VALUE;
  private long fackAbs = NONE;
  private boolean reorderingSeen;
  private int reoWndMult = 1;
  private int reoWndPersist = REO_WND_PERSIST;
  private long dsackRoundAbs = NONE;

  /**
   * Steps 1–3 for one segment the ACK newly delivered (cumulatively or selectively).
   *
   * @param echoedTimestampMs the ACK's TSecr as our millisecond clock, or -1 without timestamps
   */
  public void onDelivered(SackScoreboard.Segment segment, long nowNs, long echoedTimestampMs) {
    long rtt = nowNs - segment.xmitNs();
    boolean ambiguous = false;
    if (segment.everRetransmitted()) {
      // Step 2: did the retransmission arrive, or the original? Take no RTT from the original.
      // The echo tells only for a cumulative ACK: for out-of-order data the peer echoes the
      // segment that last advanced RCV.NXT (RFC 7323 §4.3), older than a SACKed retransmission.
      if (!segment.sacked() && echoedTimestampMs >= 0
          && echoedTimestampMs < segment.xmitNs() / 1_000_000L) {
        ambiguous = true;
      } else if (rtt < minRttNs) {
        ambiguous = true;
      }
    } else {
      minRttNs = Math.min(minRttNs, rtt);
    }
    if (!ambiguous && sentAfter(segment.xmitNs(), segment.transmissionNumber(), xmitNs,
        transmissionNumber)) {
      rttNs = rtt;
      xmitNs = segment.xmitNs();
      transmissionNumber = segment.transmissionNumber();
      endSeqAbs = segment.endAbs();
    }
    // Step 3: reordering — delivered below the highest delivered, and never retransmitted.
    if (segment.endAbs() > fackAbs) {
      fackAbs = segment.endAbs();
    } else if (segment.endAbs() < fackAbs && !segment.everRetransmitted()) {
      reorderingSeen = true;
    }
  }

  /**
   * Step 4's D-SACK adaptation, once per ACK: the first D-SACK in a round trip raises the window
   * multiplier and keeps it for sixteen recoveries.
   *
   * @param dsack whether the ACK carried a D-SACK block
   */
  public void onAck(boolean dsack, long sndUnaAbs, long sndNxtAbs) {
    if (dsackRoundAbs != NONE && sndUnaAbs >= dsackRoundAbs) {
      dsackRoundAbs = NONE;
    }
    if (dsackRoundAbs == NONE && dsack) {
      dsackRoundAbs = sndNxtAbs;
      reoWndMult++;
      reoWndPersist = REO_WND_PERSIST;
    }
  }

  /** Step 4: a fast or RTO recovery ended; after sixteen without a D-SACK the window shrinks. */
  public void onRecoveryEnd() {
    if (--reoWndPersist <= 0) {
      reoWndMult = 1;
      reoWndPersist = REO_WND_PERSIST;
    }
  }

  /**
   * Step 4: RACK.reo_wnd.
   *
   * @param inRecovery whether the sender is in fast or RTO recovery
   * @param sackedSegments RACK.segs_sacked
   * @param srttNs the smoothed RTT (RFC 6298), 0 if none yet
   */
  public long reorderWindowNs(boolean inRecovery, int sackedSegments, long srttNs) {
    if (!reorderingSeen && (inRecovery || sackedSegments >= SackScoreboard.DUP_THRESH)) {
      return 0;
    }
    if (minRttNs == Long.MAX_VALUE) {
      return 0;
    }
    long window = reoWndMult * minRttNs / 4;
    return srttNs > 0 ? Math.min(window, srttNs) : window;
  }

  /**
   * Step 5 (RACK_detect_loss): marks lost each segment not yet delivered that was sent before
   * RACK.xmit_ts and whose RACK.rtt + reordering window has passed.
   *
   * @return nanoseconds until the next segment's time is up (arm the reordering timer, §6.3), or
   *     0 if none is waiting
   */
  public long detectLoss(SackScoreboard board, long nowNs, long reorderWindowNs) {
    if (xmitNs == NONE) {
      return 0;
    }
    long timeout = 0;
    for (int i = 0; i < board.size(); i++) {
      SackScoreboard.Segment s = board.get(i);
      if (s.sacked() || (s.lost() && !s.retransmissionInFlight())) {
        continue;
      }
      if (!sentAfter(xmitNs, transmissionNumber, s.xmitNs(), s.transmissionNumber())) {
        if (!s.everRetransmitted()) {
          // An original: every segment above it was last sent later still. Not so above a
          // retransmission (one whose loss was undone is neither lost nor in flight).
          break;
        }
        continue;
      }
      long remaining = s.xmitNs() + rttNs + reorderWindowNs - nowNs;
      if (remaining <= 0) {
        board.markLost(s);
      } else {
        timeout = Math.max(timeout, remaining);
      }
    }
    return timeout;
  }

  /**
   * Whether a segment counts as "recently sent" at a retransmission timeout (RFC 8985 §6.3 and
   * Linux's {@code tcp_rack_skb_timeout}): its RACK.rtt plus reordering window has not passed yet,
   * so it may still be acknowledged and is not deemed lost.
   */
  public boolean mayStillArrive(SackScoreboard.Segment s, long nowNs, long reorderWindowNs) {
    return xmitNs != NONE && s.xmitNs() + rttNs + reorderWindowNs - nowNs > 0;
  }

  /** RACK.min_RTT, or {@link Long#MAX_VALUE} before the first sample. */
  public long minRttNs() {
    return minRttNs;
  }

  /** RACK.rtt: the RTT of the most recently sent segment delivered. */
  public long rttNs() {
    return rttNs;
  }

  /** RACK.xmit_ts, or -1 before anything was delivered. */
  public long xmitNs() {
    return xmitNs;
  }

  public boolean reorderingSeen() {
    return reorderingSeen;
  }

  /** RACK.reo_wnd_mult. */
  public int reorderWindowMultiplier() {
    return reoWndMult;
  }

  @Override
  public String toString() {
    return "RACK[xmit=" + xmitNs + " end=" + endSeqAbs + " rtt=" + rttNs + " minRtt=" + minRttNs
        + " reordering=" + reorderingSeen + " mult=" + reoWndMult + "]";
  }

  /**
   * RACK_sent_after (RFC 8985 §6.2): was transmission (t1, n1) sent after (t2, n2)? The numbers
   * order transmissions made at the same time.
   */
  static boolean sentAfter(long t1Ns, long n1, long t2Ns, long n2) {
    return t1Ns > t2Ns || (t1Ns == t2Ns && n1 > n2);
  }
}
