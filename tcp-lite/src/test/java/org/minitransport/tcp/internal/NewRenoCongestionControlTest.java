package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.component.CongestionControl.Signal.FAST_RETRANSMIT;
import static org.minitransport.tcp.component.CongestionControl.Signal.NONE;
import static org.minitransport.tcp.component.CongestionControl.Signal.PARTIAL_ACK_RETRANSMIT;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What transport-tck's {@code CongestionControlVerification} (rules CC-nn, run against this class
 * by {@code NewRenoVerificationTest} and {@code CubicVerificationTest}) cannot say through the
 * {@link CongestionControl} interface: constructor checks, corner cases of recovery and idle
 * restart, and argument validation. Traces worked by hand from RFC 5681 and RFC 6582. SMSS is
 * 1000 bytes; the SYN has absolute sequence number 0, so data segment k (k = 1, 2, ...) covers
 * [1 + 1000·(k−1), 1 + 1000·k).
 */
class NewRenoCongestionControlTest {

  private static final long SMSS = 1000;
  private static final long NOW = 0;
  private static final long RTO_NS = 1_000_000_000L;

  /** First sequence number of data segment k. */
  private static long seg(int k) {
    return 1 + SMSS * (k - 1);
  }

  /** A controller grown by slow start to cwnd = 10 segments with 10 segments in flight. */
  private static NewRenoCongestionControl tenSegmentsInFlight() {
    NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS);
    long una = seg(1);
    for (int i = 0; i < 6; i++) {
      long flight = cc.cwndBytes(); // a window-limited sender: the whole window is in flight
      cc.onAck(NOW, SMSS, flight, una + SMSS, una + flight);
      una += SMSS;
    }
    assertEquals(10 * SMSS, cc.cwndBytes());
    return cc;
  }

  @Nested
  class InitialWindow {

    @Test
    void rejectsANonPositiveSmssAndATinySsthresh() {
      assertThrows(IllegalArgumentException.class, () -> new NewRenoCongestionControl(0));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> new NewRenoCongestionControl(1000, 1999));
      assertTrue(e.getMessage().contains("1999"), e.getMessage());
      assertTrue(e.getMessage().contains("2·SMSS = 2000"), e.getMessage());
    }

    @Test
    void runsHyStartOnlyWhenAskedAndSsthreshStartsUnbounded() {
      assertNotNull(new NewRenoCongestionControl(SMSS, WindowGrowth.reno(), true).hyStart());
      assertNull(new NewRenoCongestionControl(SMSS, WindowGrowth.reno(), false).hyStart());
      assertNull(new NewRenoCongestionControl(SMSS, 10 * SMSS).hyStart());
    }
  }

  @Nested
  class HyStart {

    /**
     * Rounds of a window each, every ACK of one segment with an RTT sample: 20 ms for two
     * rounds, then 24 ms (RFC 9406 §4.2: RttThresh = max(4 ms, min(20/8 ms, 16 ms))), which puts
     * the first slow start into CSS and, CSS_ROUNDS rounds later, ends it with ssthresh = cwnd.
     */
    @Test
    void endsTheFirstSlowStartWhenTheRttGrowsWithSsthreshAtTheWindow() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, WindowGrowth.reno(), true);
      long una = 1;
      for (int round = 0; round < 2 + HyStartPlusPlus.CSS_ROUNDS + 1
          && cc.ssthreshBytes() == Long.MAX_VALUE; round++) {
        long rttNs = round < 2 ? 20_000_000L : 24_000_000L;
        long sndNxt = una + SMSS * Math.max(8, (cc.cwndBytes() + SMSS - 1) / SMSS);
        while (una < sndNxt && cc.ssthreshBytes() == Long.MAX_VALUE) {
          cc.onRttSample(NOW, rttNs);
          assertEquals(NONE, cc.onAck(NOW, SMSS, sndNxt - una, una + SMSS, sndNxt));
          una += SMSS;
        }
      }
      assertTrue(cc.hyStart().slowStartOver(), "HyStart++ ended slow start");
      assertEquals(cc.cwndBytes(), cc.ssthreshBytes(), "RFC 9406 §4.2: ssthresh = cwnd");
    }
  }

  @Nested
  class RecoveryRunByTheSender {

    @Test
    void setsTheWindowFromOutsideOnlyDuringARecoveryTheSenderRuns() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      IllegalStateException outside =
          assertThrows(IllegalStateException.class, () -> cc.setWindowInRecovery(5 * SMSS));
      assertTrue(outside.getMessage().contains("onLossDetected"), outside.getMessage());
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      assertTrue(cc.inRecovery());
      assertThrows(IllegalStateException.class, () -> cc.setWindowInRecovery(5 * SMSS),
          "not in a NewReno recovery driven by duplicate ACKs");
      NewRenoCongestionControl run = tenSegmentsInFlight();
      assertEquals(5000, run.onLossDetected(NOW, 10 * SMSS, seg(11)));
      run.setWindowInRecovery(-5);
      assertEquals(0, run.cwndBytes());
    }

    @Test
    void anUndoAtTheWindowOfTheUndoPointKeepsTheNewCubicCurve() {
      // RFC 9438 §4.9 restores W_max and the rest only while cwnd < prior_cwnd. A loss the
      // sender recovers from leaves cwnd alone until it sets one, so an undo straight away finds
      // cwnd equal to the prior one and keeps the curve the loss started.
      CubicWindowGrowth cubic = new CubicWindowGrowth(() -> 0);
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, cubic);
      long una = 1;
      for (int i = 0; i < 6; i++) {
        long flight = cc.cwndBytes();
        cc.onAck(NOW, SMSS, flight, una + SMSS, una + flight);
        una += SMSS;
      }
      CongestionControl.UndoPoint prior = cc.undoPoint();
      cc.onLossDetected(NOW, 10 * SMSS, una + 10 * SMSS);
      assertEquals(10.0, cubic.windowMaxSegments(), 1e-9);
      cc.undo(prior);
      assertEquals(10.0, cubic.windowMaxSegments(), 1e-9, "W_max of the undone loss stays");
      assertEquals(10 * SMSS, cc.cwndBytes());
      assertFalse(cc.inRecovery());
    }
  }

  @Nested
  class CongestionAvoidance {

    @Test
    void growsOnlyWhileLessThanASegmentOfTheWindowIsUnused() {
      // Reno's byte counting: cwnd grows by SMSS once the bytes counted reach cwnd (4000).
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, 2 * SMSS);
      assertEquals(4 * SMSS, cc.cwndBytes(), "IW above ssthresh: congestion avoidance at once");
      assertEquals(NONE, cc.onAck(NOW, 3 * SMSS, 3 * SMSS, 1 + 3 * SMSS, 1 + 3 * SMSS));
      assertEquals(NONE, cc.onAck(NOW, SMSS, 3 * SMSS + 1, 1 + 4 * SMSS, 2 + 4 * SMSS));
      assertEquals(4 * SMSS, cc.cwndBytes(),
          "the first ACK (a flight of cwnd − SMSS: a segment unused) counted nothing");
      assertEquals(NONE, cc.onAck(NOW, 3 * SMSS, 3 * SMSS + 1, 1 + 7 * SMSS, 3 + 7 * SMSS));
      assertEquals(5 * SMSS, cc.cwndBytes(), "flights above cwnd − SMSS count");
    }

    @Test
    void takesTheSendersRecoveryHooks() {
      assertTrue(new NewRenoCongestionControl(SMSS).supportsSenderRecovery());
    }

    @Test
    void describesItsStateInToString() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      assertEquals("NewReno/Reno[cwnd=10000, ssthresh=inf, dupAcks=0]", cc.toString());
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      assertEquals("NewReno/Reno[cwnd=8000, ssthresh=5000, recovering to 10000, dupAcks=3]",
          cc.toString());
      NewRenoCongestionControl withHyStart =
          new NewRenoCongestionControl(SMSS, WindowGrowth.reno(), true);
      assertEquals("NewReno/Reno/" + withHyStart.hyStart() + "[cwnd=4000, ssthresh=inf,"
          + " dupAcks=0]", withHyStart.toString());
    }

    @Test
    void countsDuplicateAcksUntilANewOne() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      assertEquals(1, cc.duplicateAckCount());
      cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      assertEquals(2, cc.duplicateAckCount());
    }
  }

  @Nested
  class FastRetransmitAndRecovery {

    /**
     * Segments 1 and 4 of 10 are lost. Dup ACKs 1–8 (from segments 2, 3, 5–10) inflate the window;
     * the sender sends segments 11–13; the retransmitted segment 1 brings a partial ACK up to
     * segment 4; the retransmitted segment 4 brings the full ACK.
     */
    @Test
    void fullAckWithNothingLeftInFlightExitsWithTwoSegments() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      cc.onAck(NOW, 10_000, 10_000, seg(11), seg(11));
      assertFalse(cc.inRecovery());
      // min(5000, max(0, 1000) + 1000)
      assertEquals(2000, cc.cwndBytes());
    }

    @Test
    void deflationNeverLeavesLessThanOneSegment() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      // cwnd 8000; a partial ACK of 9000 bytes would deflate to -1000 + 1000
      cc.onAck(NOW, 9000, 10_000, seg(10), seg(11));
      assertEquals(SMSS, cc.cwndBytes());
    }

    @Test
    void aNewAckResetsTheDuplicateCount() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      cc.onAck(NOW, SMSS, 10 * SMSS, seg(2), seg(11));
      assertEquals(0, cc.duplicateAckCount());
      assertEquals(NONE, cc.onDuplicateAck(NOW, seg(2), 9 * SMSS, seg(11)));
      assertEquals(NONE, cc.onDuplicateAck(NOW, seg(2), 9 * SMSS, seg(11)));
      assertEquals(FAST_RETRANSMIT, cc.onDuplicateAck(NOW, seg(2), 9 * SMSS, seg(11)));
    }

    @Test
    void aLossAfterRecoveryEndsStartsANewRecovery() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      cc.onAck(NOW, 10_000, 13_000, seg(11), seg(14));
      for (int i = 0; i < 2; i++) {
        cc.onDuplicateAck(NOW, seg(11), 3 * SMSS, seg(14));
      }
      assertEquals(FAST_RETRANSMIT, cc.onDuplicateAck(NOW, seg(11), 3 * SMSS, seg(14)));
      assertEquals(13_000, cc.recoverAbs());
      // max(3000 / 2, 2000)
      assertEquals(2000, cc.ssthreshBytes());
      assertEquals(5000, cc.cwndBytes());
    }
  }

  @Nested
  class IdleRestart {

    @Test
    void theFirstSendIsNotARestart() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.beforeSendingData(100 * RTO_NS, RTO_NS);
      assertEquals(10_000, cc.cwndBytes());
    }

    @Test
    void neverRaisesASmallerWindow() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.beforeSendingData(0, RTO_NS);
      cc.onRetransmissionTimeout(RTO_NS, 10 * SMSS, seg(11));
      cc.beforeSendingData(5 * RTO_NS, RTO_NS);
      assertEquals(SMSS, cc.cwndBytes());
    }
  }

  @Nested
  class Misuse {

    @Test
    void rejectsAnAckOfNothingOrOfMoreThanTheFlight() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS);
      IllegalArgumentException zero =
          assertThrows(IllegalArgumentException.class, () -> cc.onAck(NOW, 0, 1000, 1, 1001));
      assertTrue(zero.getMessage().contains("acked bytes 0"), zero.getMessage());
      assertThrows(IllegalArgumentException.class, () -> cc.onAck(NOW, 2000, 1000, 2001, 2001));
      assertThrows(IllegalArgumentException.class, () -> cc.onAck(NOW, 1000, 1000, 3000, 2001));
    }

    @Test
    void rejectsADuplicateAckWithNothingOutstanding() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> cc.onDuplicateAck(NOW, 1, 0, 1));
      assertTrue(e.getMessage().contains("RFC 5681"), e.getMessage());
    }
  }
}
