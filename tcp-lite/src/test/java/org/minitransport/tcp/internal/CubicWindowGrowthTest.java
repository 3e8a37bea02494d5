package org.minitransport.tcp.internal;

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
      // No time passes, so the cubic curve stays at W_max = 4 segments; only the Reno-friendly
      // estimate (§4.3) can grow the window, at α = 0.53 of Reno's pace per ACK.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      cubic.reduce(0, 4 * SMSS, 4 * SMSS, SMSS);
      WindowGrowth reno = WindowGrowth.reno();
      long renoCwnd = 4 * SMSS;
      long cubicCwnd = 4 * SMSS;
      for (int i = 0; i < 200; i++) {
        renoCwnd = reno.grow(0, renoCwnd, SMSS, SMSS);
        cubicCwnd = cubic.grow(0, cubicCwnd, SMSS, SMSS);
      }
      assertTrue(cubicCwnd > 10 * SMSS, "the Reno estimate grew the window: " + cubicCwnd);
      assertTrue(cubicCwnd < renoCwnd, "but more slowly than Reno itself (α < 1): cubic "
          + cubicCwnd + " reno " + renoCwnd);
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
    // Slow start to 20 segments.
    long sndNxt = 1;
    long una = 1;
    while (cc.cwndBytes() < 20 * SMSS) {
      sndNxt += SMSS;
      cc.onAck(0, SMSS, sndNxt - una, una + SMSS, sndNxt);
      una += SMSS;
    }
    long cwnd = cc.cwndBytes();
    sndNxt = una + cwnd;
    for (int i = 0; i < 3; i++) {
      cc.onDuplicateAck(0, una, cwnd, sndNxt);
    }
    assertEquals((long) (cwnd * CubicWindowGrowth.BETA), cc.ssthreshBytes());
    assertEquals(cc.ssthreshBytes() + 3 * SMSS, cc.cwndBytes(), "RFC 5681 §3.2 inflation");
  }
}
