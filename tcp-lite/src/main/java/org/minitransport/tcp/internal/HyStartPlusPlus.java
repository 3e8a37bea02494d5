package org.minitransport.tcp.internal;

/**
 * HyStart++ (RFC 9406): leaves slow start when the RTT starts to grow — the bottleneck queue is
 * filling — instead of when the queue overflows and a window's worth of segments is lost.
 *
 * <p>Per round (a round ends when the ACK passes SND.NXT as it was when the round began):
 *
 * <ul>
 *   <li>in slow start, track the round's minimum RTT; once a round has {@value #N_RTT_SAMPLE}
 *       samples and the previous round's minimum is known, if currentRoundMinRTT ≥
 *       lastRoundMinRTT + RttThresh, with RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms),
 *       enter Conservative Slow Start (CSS) and remember cssBaselineMinRtt (§4.2);
 *   <li>in CSS the window grows a quarter as fast ({@value #CSS_GROWTH_DIVISOR}); if a round's
 *       minimum RTT falls below the baseline, the exit was spurious and slow start resumes; after
 *       {@value #CSS_ROUNDS} rounds of CSS, slow start ends (ssthresh = cwnd);
 *   <li>the increase per ACK is capped at L·SMSS, L = {@value #L_NON_PACED} for a sender that
 *       does not pace (tcp-lite does not).
 * </ul>
 *
 * <p>Used only in the first slow start, while ssthresh is still "arbitrarily high" (§4.3); after a
 * loss or a timeout the controller uses standard slow start. A loss during slow start or CSS is
 * handled by the controller as usual. Not thread-safe; owned by one congestion controller.
 */
public final class HyStartPlusPlus {

  /** MIN_RTT_THRESH of RFC 9406 §4.3. */
  public static final long MIN_RTT_THRESH_NS = 4_000_000L;
  /** MAX_RTT_THRESH. */
  public static final long MAX_RTT_THRESH_NS = 16_000_000L;
  /** MIN_RTT_DIVISOR. */
  public static final int MIN_RTT_DIVISOR = 8;
  /** N_RTT_SAMPLE. */
  public static final int N_RTT_SAMPLE = 8;
  /** CSS_GROWTH_DIVISOR. */
  public static final int CSS_GROWTH_DIVISOR = 4;
  /** CSS_ROUNDS. */
  public static final int CSS_ROUNDS = 5;
  /** L for a sender that does not pace. */
  public static final int L_NON_PACED = 8;

  private static final long INFINITE = Long.MAX_VALUE;

  private long windowEndAbs = -1;
  private long lastRoundMinRttNs = INFINITE;
  private long currentRoundMinRttNs = INFINITE;
  private int rttSampleCount;
  private boolean inCss;
  private long cssBaselineMinRttNs = INFINITE;
  private int cssRounds;
  private boolean done;
  private long cssEntries;

  /**
   * An ACK in slow start (RFC 9406 §4.2): ends a round if it passes the round's end, takes the
   * ACK's RTT sample, and says how much cwnd grows.
   *
   * @param ackedBytes bytes newly acknowledged (N)
   * @param ackAbs SEG.ACK, to find the end of a round
   * @param sndNxtAbs SND.NXT, which ends the next round
   * @param rttSampleNs the ACK's RTT sample (currRTT), or -1 if it gave none
   * @return the increase of cwnd; afterwards {@link #slowStartOver()} says whether to stop
   */
  public long onAck(long ackedBytes, long smssBytes, long ackAbs, long sndNxtAbs,
      long rttSampleNs) {
    if (done) {
      return Math.min(ackedBytes, smssBytes);
    }
    if (ackAbs > windowEndAbs) {
      if (windowEndAbs >= 0 && inCss && ++cssRounds > CSS_ROUNDS) {
        done = true; // CSS ran its rounds: congestion avoidance from here
      }
      windowEndAbs = sndNxtAbs;
      lastRoundMinRttNs = currentRoundMinRttNs;
      currentRoundMinRttNs = INFINITE;
      rttSampleCount = 0;
    }
    long capped = Math.min(ackedBytes, L_NON_PACED * smssBytes);
    long grow = inCss ? capped / CSS_GROWTH_DIVISOR : capped;
    if (rttSampleNs >= 0 && !done) {
      currentRoundMinRttNs = Math.min(currentRoundMinRttNs, rttSampleNs);
      rttSampleCount++;
      checkRoundMinimum();
    }
    return grow;
  }

  private void checkRoundMinimum() {
    if (rttSampleCount < N_RTT_SAMPLE) {
      return;
    }
    if (!inCss) {
      if (lastRoundMinRttNs == INFINITE) {
        return;
      }
      long rttThresh = Math.max(MIN_RTT_THRESH_NS,
          Math.min(lastRoundMinRttNs / MIN_RTT_DIVISOR, MAX_RTT_THRESH_NS));
      if (currentRoundMinRttNs >= lastRoundMinRttNs + rttThresh) {
        cssBaselineMinRttNs = currentRoundMinRttNs;
        inCss = true;
        cssRounds = 1; // a partial round counts towards CSS_ROUNDS
        cssEntries++;
      }
    } else if (currentRoundMinRttNs < cssBaselineMinRttNs) {
      cssBaselineMinRttNs = INFINITE; // the exit was spurious: back to slow start
      inCss = false;
    }
  }

  /** Whether CSS ran its {@value #CSS_ROUNDS} rounds: slow start ends now (ssthresh = cwnd). */
  public boolean slowStartOver() {
    return done;
  }

  /** Whether the sender is in Conservative Slow Start. */
  public boolean inConservativeSlowStart() {
    return inCss && !done;
  }

  /** How often slow start was left for CSS (Linux's {@code TCPHystartDelayDetect}). */
  public long cssEntries() {
    return cssEntries;
  }

  @Override
  public String toString() {
    return "HyStart++[" + (done ? "done" : inCss ? "CSS round " + cssRounds : "slow start")
        + " lastMin=" + lastRoundMinRttNs + " curMin=" + currentRoundMinRttNs + "]";
  }
}
