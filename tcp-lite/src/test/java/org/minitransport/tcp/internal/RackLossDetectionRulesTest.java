package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RACK's edges (RFC 8985 §6.2), beside {@link RackLossDetectionTest}: which deliveries move
 * RACK.xmit_ts (step 2), what counts as reordering (step 3), the reordering window without
 * samples (step 4), and which segments the timer waits for (step 5, §6.3). SMSS is 1000 bytes;
 * segment k covers [seg(k), seg(k + 1)) and is first sent at k ms.
 */
class RackLossDetectionRulesTest {

  private static final long SMSS = 1000;
  private static final long MS = 1_000_000L;

  private static long seg(int k) {
    return 1 + SMSS * (k - 1);
  }

  private static final class Path {
    final SackScoreboard board = new SackScoreboard(seg(1));
    final RackLossDetection rack = new RackLossDetection();

    Path(int n) {
      for (int k = 1; k <= n; k++) {
        board.onTransmit(seg(k), seg(k + 1), k * MS);
      }
    }

    SackScoreboard.Segment segment(int k) {
      for (int i = 0; i < board.size(); i++) {
        if (board.get(i).startAbs() == seg(k)) {
          return board.get(i);
        }
      }
      throw new AssertionError("segment " + k + " is not on the board");
    }

    void sack(long nowNs, int... ks) {
      List<ByteRange> blocks = java.util.Arrays.stream(ks)
          .mapToObj(k -> new ByteRange(seg(k), seg(k + 1))).toList();
      board.update(seg(1), blocks, s -> rack.onDelivered(s, nowNs, -1));
    }
  }

  @Nested
  class Step2DeliveredRetransmissions {

    /** Segment 1 delivered at 21 ms (min_RTT 20 ms); segment 2 retransmitted at 30 ms. */
    private Path retransmittedTwo() {
      Path p = new Path(3);
      p.rack.onDelivered(p.segment(1), 21 * MS, -1);
      p.board.onTransmit(seg(2), seg(3), 30 * MS);
      return p;
    }

    @Test
    void anEchoOlderThanTheRetransmissionMeansTheOriginalArrived() {
      Path p = retransmittedTwo();
      p.rack.onDelivered(p.segment(2), 55 * MS, 29);
      assertEquals(1 * MS, p.rack.xmitNs());
      assertEquals(20 * MS, p.rack.rttNs());
    }

    @Test
    void anEchoOfTheRetransmissionsMillisecondCountsAsItsDelivery() {
      Path p = retransmittedTwo();
      p.rack.onDelivered(p.segment(2), 55 * MS, 30);
      assertEquals(30 * MS, p.rack.xmitNs());
      assertEquals(25 * MS, p.rack.rttNs());
    }

    @Test
    void anEchoOfZeroIsAnEchoToo() {
      Path p = retransmittedTwo();
      p.rack.onDelivered(p.segment(2), 55 * MS, 0);
      assertEquals(1 * MS, p.rack.xmitNs());
    }

    @Test
    void withoutAnEchoAnRttBelowMinRttMeansTheOriginalArrived() {
      Path p = retransmittedTwo();
      p.rack.onDelivered(p.segment(2), 35 * MS, -1);
      assertEquals(1 * MS, p.rack.xmitNs());
    }

    @Test
    void sendOrderBreaksTiesOfTheSameInstant() {
      assertFalse(RackLossDetection.sentAfter(5, 1, 5, 2));
      assertTrue(RackLossDetection.sentAfter(5, 2, 5, 1));
      assertTrue(RackLossDetection.sentAfter(6, 1, 5, 9));
      assertFalse(RackLossDetection.sentAfter(5, 9, 6, 1));
      assertFalse(RackLossDetection.sentAfter(5, 3, 5, 3), "pieces of one transmission");
    }
  }

  @Nested
  class Step3Reordering {

    @Test
    void noneBeforeAnyDelivery() {
      assertFalse(new RackLossDetection().reorderingSeen());
    }

    @Test
    void aSegmentDeliveredAgainAtRackFackIsNotReordering() {
      // RFC 8985 step 3: Segment.end_seq < RACK.fack, strictly (a reneged segment SACKed again).
      Path p = new Path(2);
      p.rack.onDelivered(p.segment(2), 22 * MS, -1);
      p.rack.onDelivered(p.segment(2), 23 * MS, -1);
      assertFalse(p.rack.reorderingSeen());
      p.rack.onDelivered(p.segment(1), 24 * MS, -1);
      assertTrue(p.rack.reorderingSeen());
    }
  }

  @Nested
  class Step4Window {

    @Test
    void isZeroBeforeTheFirstRttSample() {
      assertEquals(0, new RackLossDetection().reorderWindowNs(false, 0, 100 * MS));
    }

    @Test
    void isAQuarterOfMinRttWithoutSrttAndCappedBySrtt() {
      Path p = new Path(1);
      p.rack.onDelivered(p.segment(1), 21 * MS, -1);
      assertEquals(5 * MS, p.rack.reorderWindowNs(false, 0, 0));
      assertEquals(5 * MS, p.rack.reorderWindowNs(false, 0, 100 * MS));
      assertEquals(3 * MS, p.rack.reorderWindowNs(false, 0, 3 * MS));
    }
  }

  @Nested
  class Step5Timer {

    @Test
    void aSackedSegmentSentEarlierDoesNotExtendTheWait() {
      // At 23 ms 2 and 3 are SACKed: RACK.xmit_ts = 3 ms, RACK.rtt = 20 ms; window 10 ms.
      Path p = new Path(4);
      p.sack(23 * MS, 2, 3);
      assertEquals(1 * MS + 20 * MS + 10 * MS - 23 * MS, p.rack.detectLoss(p.board, 23 * MS,
          10 * MS));
    }

    @Test
    void aLostSegmentAwaitingItsRetransmissionDoesNotExtendTheWait() {
      Path p = new Path(4);
      p.board.markLost(p.segment(2));
      p.sack(23 * MS, 3);
      assertEquals(8 * MS, p.rack.detectLoss(p.board, 23 * MS, 10 * MS));
    }

    @Test
    void aLostSegmentWhoseRetransmissionIsInFlightIsWaitedFor() {
      Path p = new Path(4);
      p.board.markLost(p.segment(1));
      p.board.onTransmit(seg(1), seg(2), 2_500_000L);
      p.sack(23 * MS, 3);
      assertEquals(9_500_000L, p.rack.detectLoss(p.board, 23 * MS, 10 * MS));
    }

    @Test
    void aRetransmittedSegmentSentLaterHidesNoLossAboveIt() {
      // RFC 8985 §6.2 step 5 looks at every segment: after an undo, segment 1 (retransmitted at
      // 50 ms, that retransmission deemed lost, then the loss undone) is neither lost nor in
      // flight, yet sent after segment 4, whose SACK shows that 2 and 3 are lost.
      Path p = new Path(4);
      p.board.onTransmit(seg(1), seg(2), 50 * MS);
      p.board.markLost(p.segment(1));
      p.board.clearLostMarks();
      assertEquals(0, p.board.retransmissionsInFlight());
      p.sack(60 * MS, 4);
      assertEquals(0, p.rack.detectLoss(p.board, 60 * MS, 0));
      assertTrue(p.segment(2).lost());
      assertTrue(p.segment(3).lost());
      assertFalse(p.segment(1).lost(), "its retransmission was sent after segment 4");
    }

    @Test
    void aSegmentMayStillArriveOnlyWhileRttPlusWindowHasNotPassed() {
      Path p = new Path(2);
      assertFalse(p.rack.mayStillArrive(p.segment(2), 3 * MS, 0), "no RTT sample yet");
      p.rack.onDelivered(p.segment(1), 21 * MS, -1);
      assertTrue(p.rack.mayStillArrive(p.segment(2), 22 * MS - 1, 0));
      assertFalse(p.rack.mayStillArrive(p.segment(2), 22 * MS, 0));
      assertTrue(p.rack.mayStillArrive(p.segment(2), 22 * MS, 1));
    }
  }
}
