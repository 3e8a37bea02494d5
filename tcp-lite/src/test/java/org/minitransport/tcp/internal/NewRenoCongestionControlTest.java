package org.minitransport.tcp.internal;

import org.minitransport.tcp.component.CongestionControl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tcp.component.CongestionControl.Signal.FAST_RETRANSMIT;
import static org.minitransport.tcp.component.CongestionControl.Signal.NONE;
import static org.minitransport.tcp.component.CongestionControl.Signal.PARTIAL_ACK_RETRANSMIT;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Traces worked by hand from RFC 5681 and RFC 6582. SMSS is 1000 bytes; the SYN has absolute
 * sequence number 0, so data segment k (k = 1, 2, ...) covers [1 + 1000·(k−1), 1 + 1000·k).
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
    void followsRfc5681Equation1() {
      assertEquals(4 * 536, CongestionControl.initialWindowBytes(536));
      assertEquals(4 * 1095, CongestionControl.initialWindowBytes(1095));
      assertEquals(3 * 1096, CongestionControl.initialWindowBytes(1096));
      assertEquals(3 * 1460, CongestionControl.initialWindowBytes(1460));
      assertEquals(3 * 2190, CongestionControl.initialWindowBytes(2190));
      assertEquals(2 * 2191, CongestionControl.initialWindowBytes(2191));
      assertEquals(2 * 8960, CongestionControl.initialWindowBytes(8960));
    }

    @Test
    void startsWithTheInitialWindowAndUnboundedSsthresh() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(1460);
      assertEquals(4380, cc.cwndBytes());
      assertEquals(Long.MAX_VALUE, cc.ssthreshBytes());
      assertFalse(cc.inRecovery());
    }

    @Test
    void rejectsANonPositiveSmssAndATinySsthresh() {
      assertThrows(IllegalArgumentException.class, () -> new NewRenoCongestionControl(0));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> new NewRenoCongestionControl(1000, 1999));
      assertTrue(e.getMessage().contains("1999"), e.getMessage());
    }
  }

  @Nested
  class SlowStartAndAvoidance {

    @Test
    void slowStartAddsAtMostOneSmssPerAck() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS);
      assertEquals(NONE, cc.onAck(NOW, 1000, 4000, seg(2), seg(5)));
      assertEquals(5000, cc.cwndBytes());
      cc.onAck(NOW, 3000, 3000, seg(5), seg(5));
      assertEquals(6000, cc.cwndBytes());
      cc.onAck(NOW, 400, 6000, seg(5) + 400, seg(11));
      assertEquals(6400, cc.cwndBytes());
    }

    @Test
    void congestionAvoidanceAddsSmssSquaredOverCwnd() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(SMSS, 4000);
      cc.onAck(NOW, 1000, 4000, seg(2), seg(5));
      // cwnd == ssthresh: avoidance, 1000 * 1000 / 4000 = 250
      assertEquals(4250, cc.cwndBytes());
      cc.onAck(NOW, 1000, 4000, seg(3), seg(6));
      // 1000000 / 4250 = 235
      assertEquals(4485, cc.cwndBytes());
    }

    @Test
    void congestionAvoidanceAddsAtLeastOneByte() {
      NewRenoCongestionControl cc = new NewRenoCongestionControl(2, 4);
      assertEquals(8, cc.cwndBytes());
      cc.onAck(NOW, 2, 8, 3, 9);
      // 2 * 2 / 8 rounds to 0, so 1 byte
      assertEquals(9, cc.cwndBytes());
    }
  }

  @Nested
  class FastRetransmitAndRecovery {

    @Test
    void thirdDuplicateAckEntersRecovery() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      long sndNxt = seg(11);
      assertEquals(NONE, cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, sndNxt));
      assertEquals(NONE, cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, sndNxt));
      assertEquals(2, cc.duplicateAckCount());
      assertEquals(10_000, cc.cwndBytes());
      assertEquals(FAST_RETRANSMIT, cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, sndNxt));
      assertTrue(cc.inRecovery());
      // ssthresh = max(10000 / 2, 2000); cwnd = ssthresh + 3 * SMSS; recover = SND.NXT - 1
      assertEquals(5000, cc.ssthreshBytes());
      assertEquals(8000, cc.cwndBytes());
      assertEquals(10_000, cc.recoverAbs());
    }

    /**
     * Segments 1 and 4 of 10 are lost. Dup ACKs 1–8 (from segments 2, 3, 5–10) inflate the window;
     * the sender sends segments 11–13; the retransmitted segment 1 brings a partial ACK up to
     * segment 4; the retransmitted segment 4 brings the full ACK.
     */
    @Test
    void partialAckRetransmitsAndDeflatesThenFullAckExits() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      for (int i = 0; i < 5; i++) {
        assertEquals(NONE, cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11)));
      }
      assertEquals(13_000, cc.cwndBytes());

      // Partial ACK: segments 1–3 acknowledged (3000 bytes), SND.NXT is now seg(14).
      assertEquals(PARTIAL_ACK_RETRANSMIT, cc.onAck(NOW, 3000, 13_000, seg(4), seg(14)));
      assertTrue(cc.inRecovery());
      // 13000 - 3000 + 1000
      assertEquals(11_000, cc.cwndBytes());

      // Full ACK of everything up to segment 10 (recover = 10000); segments 11–13 still out.
      assertEquals(NONE, cc.onAck(NOW, 7000, 10_000, seg(11), seg(14)));
      assertFalse(cc.inRecovery());
      // min(ssthresh = 5000, max(FlightSize = 3000, SMSS) + SMSS)
      assertEquals(4000, cc.cwndBytes());
      assertEquals(5000, cc.ssthreshBytes());
    }

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
    void aPartialAckOfLessThanOneSegmentDoesNotAddBackSmss() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      assertEquals(PARTIAL_ACK_RETRANSMIT, cc.onAck(NOW, 500, 10_000, seg(1) + 500, seg(11)));
      assertEquals(7500, cc.cwndBytes());
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
    void duplicateAcksDuringRecoveryInflateButNeverRetransmitAgain() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 3; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      for (int i = 0; i < 10; i++) {
        assertEquals(NONE, cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11)));
      }
      assertEquals(18_000, cc.cwndBytes());
      assertEquals(5000, cc.ssthreshBytes());
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
  class RetransmissionTimeout {

    @Test
    void collapsesTheWindowToOneSegment() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onRetransmissionTimeout(NOW, 10 * SMSS, seg(11));
      assertEquals(SMSS, cc.cwndBytes());
      assertEquals(5000, cc.ssthreshBytes());
      assertEquals(10_000, cc.recoverAbs());
    }

    @Test
    void ssthreshIsAtLeastTwoSegments() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onRetransmissionTimeout(NOW, 3 * SMSS, seg(4));
      assertEquals(2 * SMSS, cc.ssthreshBytes());
    }

    @Test
    void aTimeoutDuringRecoveryLeavesRecovery() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      for (int i = 0; i < 8; i++) {
        cc.onDuplicateAck(NOW, seg(1), 10 * SMSS, seg(11));
      }
      assertEquals(13_000, cc.cwndBytes());
      cc.onRetransmissionTimeout(NOW, 13 * SMSS, seg(14));
      assertFalse(cc.inRecovery());
      // max(13000 / 2, 2000)
      assertEquals(6500, cc.ssthreshBytes());
      assertEquals(SMSS, cc.cwndBytes());
      assertEquals(13_000, cc.recoverAbs());
      // Slow start again from one segment.
      cc.onAck(NOW, SMSS, 13 * SMSS, seg(2), seg(14));
      assertEquals(2 * SMSS, cc.cwndBytes());
    }

    @Test
    void duplicateAcksBelowRecoverAfterATimeoutDoNotFastRetransmit() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onRetransmissionTimeout(NOW, 10 * SMSS, seg(11));
      cc.onAck(NOW, 4 * SMSS, 10 * SMSS, seg(5), seg(11));
      long ssthresh = cc.ssthreshBytes();
      for (int i = 0; i < 5; i++) {
        // ACK seg(5) = 4001 <= recover = 10000: echoes of the go-back-N retransmissions
        assertEquals(NONE, cc.onDuplicateAck(NOW, seg(5), 6 * SMSS, seg(11)));
      }
      assertFalse(cc.inRecovery());
      assertEquals(ssthresh, cc.ssthreshBytes());
      // Once everything sent before the timeout is acknowledged, dup ACKs count again.
      cc.onAck(NOW, 6 * SMSS, 6 * SMSS, seg(11), seg(15));
      cc.onDuplicateAck(NOW, seg(11), 4 * SMSS, seg(15));
      cc.onDuplicateAck(NOW, seg(11), 4 * SMSS, seg(15));
      assertEquals(FAST_RETRANSMIT, cc.onDuplicateAck(NOW, seg(11), 4 * SMSS, seg(15)));
    }

    @Test
    void aRepeatedTimeoutOfTheSameSegmentHoldsSsthresh() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.onRetransmissionTimeout(NOW, 8 * SMSS, seg(9));
      assertEquals(4000, cc.ssthreshBytes());
      cc.onRetransmissionTimeout(NOW, 3 * SMSS, seg(9));
      assertEquals(4000, cc.ssthreshBytes());
      assertEquals(SMSS, cc.cwndBytes());
      // After a new ACK, the next timeout is a new loss and recomputes ssthresh.
      cc.onAck(NOW, SMSS, 8 * SMSS, seg(2), seg(9));
      cc.onRetransmissionTimeout(NOW, 7 * SMSS, seg(9));
      assertEquals(3500, cc.ssthreshBytes());
    }
  }

  @Nested
  class IdleRestart {

    @Test
    void restartsFromTheInitialWindowAfterIdlingLongerThanTheRto() {
      NewRenoCongestionControl cc = tenSegmentsInFlight();
      cc.beforeSendingData(0, RTO_NS);
      cc.beforeSendingData(RTO_NS, RTO_NS);
      assertEquals(10_000, cc.cwndBytes());
      cc.beforeSendingData(2 * RTO_NS + 1, RTO_NS);
      assertEquals(4000, cc.cwndBytes());
    }

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
