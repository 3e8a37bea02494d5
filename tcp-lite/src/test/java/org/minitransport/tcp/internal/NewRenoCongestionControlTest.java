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
