package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** CUBIC (RFC 9438) window growth, checked against the RFC's formulas with hand-worked numbers. */
class CubicWindowGrowthTest {

  private static final long SMSS = 1000;
  private static final long SECOND_NS = 1_000_000_000L;

  @Nested
  class CongestionEvent {

    @Test
    void ssthreshIsSevenTenthsOfTheWindowAndWmaxRemembersIt() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      long ssthresh = cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      assertEquals(70 * SMSS, ssthresh, "RFC 9438 §4.6: ssthresh = cwnd·β");
      assertEquals(100.0, cubic.windowMaxSegments(), 1e-9);
    }

    @Test
    void noFastConvergenceWhenTheWindowIsBackAtWmax() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 10 * SMSS, 10 * SMSS, SMSS);
      cubic.reduce(0, 10 * SMSS, 10 * SMSS, SMSS);
      assertEquals(10.0, cubic.windowMaxSegments(), 1e-9, "§4.7 lowers W_max only below it");
    }

    @Test
    void fastConvergenceLowersWmaxWhenTheWindowShrankSinceTheLastEvent() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      cubic.reduce(SECOND_NS, 80 * SMSS, 80 * SMSS, SMSS);
      assertEquals(80 * (1 + CubicWindowGrowth.BETA) / 2, cubic.windowMaxSegments(), 1e-9,
          "RFC 9438 §4.7: W_max = cwnd·(1 + β)/2 below the previous W_max");
    }

    @Test
    void ssthreshNeverFallsBelowTwoSegments() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      assertEquals(2 * SMSS, cubic.reduce(0, 2 * SMSS, 2 * SMSS, SMSS));
    }
  }

  @Nested
  class Growth {

    /** Feeds one window of ACKs per 100 ms (an RTT of 100 ms) until {@code untilNs}. */
    private long growFor(CubicWindowGrowth cubic, long cwnd, long startNs, long untilNs) {
      long rttNs = SECOND_NS / 10;
      for (long now = startNs; now < untilNs; now += rttNs) {
        long segments = cwnd / SMSS;
        for (int i = 0; i < segments; i++) {
          cwnd = cubic.grow(now, cwnd, SMSS, SMSS);
        }
      }
      return cwnd;
    }

    @Test
    void kIsTheTimeToRegainWmax() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      cubic.grow(0, 70 * SMSS, SMSS, SMSS);
      assertEquals(Math.cbrt(100 * (1 - CubicWindowGrowth.BETA) / CubicWindowGrowth.C),
          cubic.kSeconds(), 1e-9, "RFC 9438 §4.2: K = ∛(W_max·(1 − β)/C) ≈ 4.22 s");
    }

    @Test
    void windowApproachesWmaxAroundKThenProbesBeyondIt() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> SECOND_NS / 10);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      long atK = growFor(cubic, 70 * SMSS, 0, (long) (4.2 * SECOND_NS));
      assertTrue(atK > 95 * SMSS && atK <= 103 * SMSS,
          "near W_max = 100 segments at t ≈ K, was " + atK / (double) SMSS);
      long later = growFor(cubic, atK, (long) (4.2 * SECOND_NS), 8 * SECOND_NS);
      assertTrue(later > 110 * SMSS, "convex region beyond W_max, was " + later / (double) SMSS);
    }

    @Test
    void plateausNearWmaxUnlikeRenosSteadyClimb() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> SECOND_NS / 10);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      long at3 = growFor(cubic, 70 * SMSS, 0, 3 * SECOND_NS);
      long at5 = growFor(cubic, at3, 3 * SECOND_NS, 5 * SECOND_NS);
      // Between 3 s and 5 s (K ≈ 4.2 s) the cubic curve is nearly flat around W_max.
      assertTrue(at5 - at3 < 8 * SMSS, "flat near W_max: grew " + (at5 - at3) / (double) SMSS);
    }

    @Test
    void renoFriendlyRegionWinsWhenTheCubicCurveIsSlower() {
      // No time passes, so the cubic curve stays at W_max − C·K³ = β·W_max; only the
      // Reno-friendly estimate (§4.3) can grow the window, at α = 0.53 of Reno's pace per ACK
      // until it reaches the window before the loss (20 segments).
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 20 * SMSS, 20 * SMSS, SMSS);
      WindowGrowth reno = WindowGrowth.reno();
      long renoCwnd = 14 * SMSS;
      long cubicCwnd = 14 * SMSS;
      for (int i = 0; i < 200; i++) {
        renoCwnd = reno.grow(0, renoCwnd, SMSS, SMSS);
        cubicCwnd = cubic.grow(0, cubicCwnd, SMSS, SMSS);
      }
      assertTrue(cubicCwnd > 18 * SMSS, "the Reno estimate grew the window: " + cubicCwnd);
      assertTrue(cubicCwnd < renoCwnd, "but more slowly than Reno itself (α < 1): cubic "
          + cubicCwnd + " reno " + renoCwnd);
    }

    @Test
    void aimsAtTheCubicWindowOneRttAheadOfTheTimeSinceTheEpochStart() {
      // §4.2 and §4.4: t counts from the epoch's first ACK (here 5 s after the controller's
      // clock began), and the target is W_cubic(t + RTT), RTT = 100 ms.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> SECOND_NS / 10);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS);
      double k = Math.cbrt(100 * (1 - CubicWindowGrowth.BETA) / CubicWindowGrowth.C);
      long first = cubic.grow(5 * SECOND_NS, 70 * SMSS, SMSS, SMSS);
      assertEquals(expectedConcaveStep(70 * SMSS, 0.1, k), first);
      long second = cubic.grow(5 * SECOND_NS + SECOND_NS / 2, first, SMSS, SMSS);
      assertEquals(expectedConcaveStep(first, 0.6, k), second);
    }

    /** cwnd + (W_cubic(t) − cwnd)/cwnd for one SMSS acknowledged, W_max = 100 segments. */
    private long expectedConcaveStep(long cwndBytes, double tSeconds, double k) {
      double cwnd = (double) cwndBytes / SMSS;
      double target = CubicWindowGrowth.C * Math.pow(tSeconds - k, 3) + 100;
      return (long) ((cwnd + (target - cwnd) / cwnd) * SMSS);
    }

    @Test
    void theRenoEstimateGrowsByTheSegmentsAnAckAcknowledges() {
      // §4.3: W_est += α·segments_acked/cwnd; one ACK of two segments counts twice.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 10 * SMSS, 10 * SMSS, SMSS);
      long cwnd = cubic.grow(0, 7 * SMSS, 2 * SMSS, SMSS);
      double expected = 7 + CubicWindowGrowth.ALPHA * 2 / 7;
      assertEquals(expected, cubic.renoEstimateSegments(), 1e-9);
      assertEquals((long) (expected * SMSS), cwnd, "the Reno-friendly region: cwnd = W_est");
    }

    @Test
    void theRenoEstimateGrowsAtRenosPaceFromTheMomentItReachesThePriorWindow() {
      // §4.3: α = 1 once W_est ≥ cwnd_prior. An undone loss (cwnd back at the prior window)
      // starts an epoch with W_est = cwnd = cwnd_prior exactly.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 10 * SMSS, 10 * SMSS, SMSS);
      cubic.grow(0, 10 * SMSS, SMSS, SMSS);
      assertEquals(10 + 1.0 / 10, cubic.renoEstimateSegments(), 1e-9);
    }

    @Test
    void neverShrinksTheWindow() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> SECOND_NS);
      cubic.reduce(0, 50 * SMSS, 50 * SMSS, SMSS);
      long cwnd = 60 * SMSS; // above W_max already
      for (int i = 0; i < 1000; i++) {
        long next = cubic.grow(i * 1_000_000L, cwnd, SMSS, SMSS);
        assertTrue(next >= cwnd);
        cwnd = next;
      }
    }
  }

  @Test
  void newRenoRecoveryWithCubicReducesToSevenTenths() {
    NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS,
        new CubicWindowGrowth(() -> 0));
    // Slow start to 20 segments, the whole window in flight.
    long una = 1;
    while (cc.cwndBytes() < 20 * SMSS) {
      long flight = cc.cwndBytes();
      cc.onAck(0, SMSS, flight, una + SMSS, una + flight);
      una += SMSS;
    }
    long cwnd = cc.cwndBytes();
    long sndNxt = una + cwnd;
    for (int i = 0; i < 3; i++) {
      cc.onDuplicateAck(0, una, cwnd, sndNxt);
    }
    assertEquals((long) (cwnd * CubicWindowGrowth.BETA), cc.ssthreshBytes());
    assertEquals(cc.ssthreshBytes() + 3 * SMSS, cc.cwndBytes(), "RFC 5681 §3.2 inflation");
  }

  /** RFC 9438 §4.8: the first congestion-avoidance stage after a retransmission timeout. */
  @Nested
  class AfterATimeout {

    @Test
    void theFirstEpochStartsWithKZeroAndWmaxAtTheWindowWhereItStarts() {
      // The RFC's case: cwnd 100 segments at the timeout, ssthresh = 70, slow start back to 70.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, cubic);
      long una = 1;
      while (cc.cwndBytes() < 100 * SMSS) {
        long flight = cc.cwndBytes();
        cc.onAck(0, SMSS, flight, una + SMSS, una + flight);
        una += SMSS;
      }
      cc.onRetransmissionTimeout(SECOND_NS, 100 * SMSS, una + 100 * SMSS);
      assertEquals(70 * SMSS, cc.ssthreshBytes(), "ssthresh = β·cwnd, as for a loss (§4.6)");
      assertEquals(SMSS, cc.cwndBytes());
      while (cc.cwndBytes() < 70 * SMSS) {
        long flight = cc.cwndBytes();
        cc.onAck(2 * SECOND_NS, SMSS, flight, una + SMSS, una + flight);
        una += SMSS;
      }
      cc.onAck(2 * SECOND_NS, SMSS, 70 * SMSS, una + SMSS, una + 70 * SMSS); // avoidance begins
      assertEquals(0, cubic.kSeconds(), 1e-9, "K = 0, not ∛(30/0.4) = 4.2 s");
      assertEquals(70, cubic.windowMaxSegments(), 1e-9, "W_max = cwnd at the epoch's start");
      assertEquals(70, cubic.renoEstimateSegments(), 0.1, "W_est = cwnd at the epoch's start");
    }

    @Test
    void aLossAfterwardsStartsItsEpochTheOrdinaryWay() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduceOnTimeout(0, 100 * SMSS, 100 * SMSS, SMSS);
      cubic.grow(0, 70 * SMSS, SMSS, SMSS);
      cubic.reduce(SECOND_NS, 80 * SMSS, 80 * SMSS, SMSS);
      cubic.grow(SECOND_NS, 56 * SMSS, SMSS, SMSS);
      assertEquals(80, cubic.windowMaxSegments(), 1e-9, "80 > 70: no fast convergence");
      assertEquals(Math.cbrt(80 * (1 - CubicWindowGrowth.BETA) / CubicWindowGrowth.C),
          cubic.kSeconds(), 1e-9);
    }
  }

  /** RFC 9438 §4.3: α_cubic becomes 1 once W_est reaches cwnd_prior. */
  @Nested
  class RenoFriendlyAlpha {

    /** One round of ACKs, one per segment, with no time passing: only W_est can grow. */
    private long round(CubicWindowGrowth cubic, long cwnd) {
      long segments = cwnd / SMSS;
      for (int i = 0; i < segments; i++) {
        cwnd = cubic.grow(0, cwnd, SMSS, SMSS);
      }
      return cwnd;
    }

    @Test
    void isThreeTenthsOverOnePointSevenBelowCwndPriorAndOneAboveIt() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 100 * SMSS, 100 * SMSS, SMSS); // cwnd_prior = 100, W_max = 100, K = 4.2 s
      long cwnd = 70 * SMSS;
      double below = 0;
      double above = 0;
      while (cwnd < 115 * SMSS) {
        long next = round(cubic, cwnd);
        double grownSegments = (next - cwnd) / (double) SMSS;
        if (cwnd >= 75 * SMSS && cwnd < 95 * SMSS) {
          below = grownSegments;
        } else if (cwnd >= 102 * SMSS && cwnd < 112 * SMSS) {
          above = grownSegments;
        }
        cwnd = next;
      }
      assertEquals(CubicWindowGrowth.ALPHA, below, 0.03,
          "α = 3(1 − β)/(1 + β) ≈ 0.53 segments per round while W_est < cwnd_prior = 100");
      assertEquals(1.0, above, 0.03, "α = 1 once W_est ≥ cwnd_prior: Reno's own pace");
    }
  }

  /**
   * RFC 9438 §4.9 with RFC 4015's response: undoing a spurious congestion event gives back W_max,
   * K, the epoch and W_est with cwnd and ssthresh, so CUBIC goes on along the curve it was on.
   */
  @Nested
  class UndoOfASpuriousLoss {

    private static final long RTT_NS = SECOND_NS / 10;

    /** A controller and where its ACKs have got to. */
    private final class Sender {
      final CubicWindowGrowth cubic = new CubicWindowGrowth(() -> RTT_NS);
      final NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, cubic);
      long una = 1;

      /** One window of ACKs, the window full (so the sender is cwnd-limited). */
      void ackOneWindow(long nowNs) {
        long segments = cc.cwndBytes() / SMSS;
        for (int i = 0; i < segments; i++) {
          long flight = cc.cwndBytes();
          cc.onAck(nowNs, SMSS, flight, una + SMSS, una + flight);
          una += SMSS;
        }
      }

      /** A recovery the sender runs (SACK): ssthresh and W_max fall, cwnd as PRR leaves it. */
      void loseOneSegment(long nowNs) {
        cc.onLossDetected(nowNs, cc.cwndBytes(), una + cc.cwndBytes());
        cc.setWindowInRecovery(cc.ssthreshBytes());
      }
    }

    /** Slow start to 100 segments, a real loss, then a second of congestion avoidance. */
    private Sender oneSecondIntoAnEpoch() {
      Sender s = new Sender();
      while (s.cc.cwndBytes() < 100 * SMSS) {
        long flight = s.cc.cwndBytes();
        s.cc.onAck(0, SMSS, flight, s.una + SMSS, s.una + flight);
        s.una += SMSS;
      }
      s.loseOneSegment(0);
      s.cc.onRecoveryEnd();
      for (long t = RTT_NS; t <= SECOND_NS; t += RTT_NS) {
        s.ackOneWindow(t);
      }
      return s;
    }

    @Test
    void theWindowGrowsOnAsIfTheLossHadNotHappened() {
      Sender spurious = oneSecondIntoAnEpoch();
      Sender twin = oneSecondIntoAnEpoch();
      double wmax = twin.cubic.windowMaxSegments();
      double k = twin.cubic.kSeconds();

      CongestionControl.UndoPoint prior = spurious.cc.undoPoint();
      spurious.loseOneSegment(SECOND_NS + RTT_NS / 2);
      assertTrue(spurious.cubic.windowMaxSegments() < wmax, "the loss lowered W_max (§4.7)");
      spurious.cc.undo(prior);

      assertEquals(twin.cc.cwndBytes(), spurious.cc.cwndBytes());
      assertEquals(twin.cc.ssthreshBytes(), spurious.cc.ssthreshBytes());
      assertEquals(wmax, spurious.cubic.windowMaxSegments(), 1e-9, "W_max as before the event");
      assertEquals(k, spurious.cubic.kSeconds(), 1e-9, "K as before the event");
      assertEquals(twin.cubic.renoEstimateSegments(), spurious.cubic.renoEstimateSegments(),
          1e-9, "W_est as before the event");
      for (long t = SECOND_NS + RTT_NS; t <= 6 * SECOND_NS; t += RTT_NS) {
        spurious.ackOneWindow(t);
        twin.ackOneWindow(t);
        assertEquals(twin.cc.cwndBytes(), spurious.cc.cwndBytes(),
            "the same epoch, so the same window " + (t - SECOND_NS) / 1e9 + " s after the undo");
      }
    }

    @Test
    void aWindowThatAlreadyGrewPastThePriorOneKeepsTheCurrentCurve() {
      Sender s = oneSecondIntoAnEpoch();
      CongestionControl.UndoPoint prior = s.cc.undoPoint();
      s.loseOneSegment(SECOND_NS);
      double wmaxAfterTheLoss = s.cubic.windowMaxSegments();
      s.cc.setWindowInRecovery(prior.cwndBytes() + 10 * SMSS);
      s.cc.undo(prior);
      assertEquals(prior.cwndBytes() + 10 * SMSS, s.cc.cwndBytes(), "cwnd is never lowered");
      assertEquals(wmaxAfterTheLoss, s.cubic.windowMaxSegments(), 1e-9,
          "cwnd above prior_cwnd: CUBIC goes on with its current variables (§4.9)");
    }

    @Test
    void anUndoInTheFirstSlowStartResumesIt() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS,
          new CubicWindowGrowth(() -> RTT_NS), true);
      CongestionControl.UndoPoint prior = cc.undoPoint();
      cc.onLossDetected(0, cc.cwndBytes(), 1 + cc.cwndBytes());
      cc.undo(prior);
      assertEquals(Long.MAX_VALUE, cc.ssthreshBytes(), "ssthresh unbounded again");
      long cwnd = cc.cwndBytes();
      cc.onAck(RTT_NS, SMSS, cwnd, 1 + SMSS, 1 + cwnd);
      assertEquals(cwnd + SMSS, cc.cwndBytes(), "slow start: one SMSS per ACK");
    }
  }

  /** RFC 9438 §4.6 with Linux's tcp_is_cwnd_limited: no growth the sender cannot use. */
  @Nested
  class OnlyWhileTheWindowLimitsTheSender {

    @Test
    void aReceiveWindowLimitedSenderStopsSlowStartAtTwiceItsFlight() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS,
          new CubicWindowGrowth(() -> SECOND_NS / 10));
      long una = 1;
      long flightCap = 16 * SMSS; // a 16 kB receive window
      for (int i = 0; i < 10_000; i++) {
        long flight = Math.min(cc.cwndBytes(), flightCap);
        cc.onAck(i * 1_000_000L, SMSS, flight, una + SMSS, una + flight);
        una += SMSS;
      }
      assertEquals(32 * SMSS, cc.cwndBytes(), "slow start grows cwnd to 2 × FlightSize, no more");
    }

    @Test
    void congestionAvoidanceGrowsOnlyWhenLessThanASegmentOfTheWindowIsUnused() {
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> SECOND_NS / 10);
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, 10 * SMSS, cubic);
      long una = 1;
      while (cc.cwndBytes() < 10 * SMSS) { // slow start to ssthresh, the window full
        long flight = cc.cwndBytes();
        cc.onAck(0, SMSS, flight, una + SMSS, una + flight);
        una += SMSS;
      }
      long cwnd = cc.cwndBytes();
      for (int i = 0; i < 1000; i++) { // application-limited: 4 segments in flight
        cc.onAck(i * 10_000_000L, SMSS, 4 * SMSS, una + SMSS, una + 4 * SMSS);
        una += SMSS;
      }
      assertEquals(cwnd, cc.cwndBytes(), "10 s of ACKs, no growth: the window was unused");
      cc.onAck(10 * SECOND_NS, SMSS, cwnd, una + SMSS, una + cwnd);
      assertTrue(cc.cwndBytes() > cwnd, "grows again once the window is full");
    }

    @Test
    void renoFollowsTheSameRule() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, 2 * SMSS);
      assertEquals(4 * SMSS, cc.cwndBytes(), "IW 4 segments, already above ssthresh");
      cc.onAck(0, SMSS, 2 * SMSS, 1 + SMSS, 1 + 2 * SMSS);
      assertEquals(4 * SMSS, cc.cwndBytes(), "half the window unused: no growth");
      for (int i = 0; i < 4; i++) {
        cc.onAck(0, SMSS, 4 * SMSS, 1 + (2 + i) * SMSS, 1 + (5 + i) * SMSS);
      }
      assertEquals(5 * SMSS, cc.cwndBytes(),
          "one SMSS once a full window's bytes were acknowledged with the window full");
    }
  }
}
