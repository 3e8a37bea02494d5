package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * RACK (RFC 8985 §6), step by step. Segments of 1000 bytes; segment k covers [1 + 1000·(k−1),
 * 1 + 1000·k) and is sent at k ms unless a test says otherwise; the path's RTT is 20 ms.
 */
class RackLossDetectionTest {

  private static final long MS = 1_000_000L;
  private static final long SMSS = 1000;

  private static long seg(int k) {
    return 1 + SMSS * (k - 1);
  }

  /** A board with segments 1..n sent at 1..n ms, and a RACK fed by its deliveries. */
  private static final class Path {
    final SackScoreboard board = new SackScoreboard(seg(1));
    final RackLossDetection rack = new RackLossDetection();

    Path(int n) {
      for (int k = 1; k <= n; k++) {
        board.onTransmit(seg(k), seg(k + 1), k * MS);
      }
    }

    /** An ACK at {@code nowNs}: cumulative up to segment {@code nextExpected}, SACKing some. */
    void ack(long nowNs, int nextExpected, int... sacked) {
      List<ByteRange> blocks = java.util.Arrays.stream(sacked)
          .mapToObj(k -> new ByteRange(seg(k), seg(k + 1))).toList();
      board.update(seg(nextExpected), blocks, s -> rack.onDelivered(s, nowNs, -1));
    }

    long detect(long nowNs, long reorderWindowNs) {
      return rack.detectLoss(board, nowNs, reorderWindowNs);
    }

    SackScoreboard.Segment segment(int k) {
      for (int i = 0; i < board.size(); i++) {
        if (board.get(i).startAbs() == seg(k)) {
          return board.get(i);
        }
      }
      throw new AssertionError("segment " + k + " is not on the board");
    }
  }

  @Nested
  class LossByTime {

    @Test
    void aSegmentSentBeforeADeliveredOneIsLostOnceRttPlusTheWindowHasPassed() {
      Path path = new Path(5);
      path.ack(23 * MS, 1, 3); // segment 3, sent at 3 ms, SACKed at 23 ms: RACK.rtt = 20 ms
      assertEquals(20 * MS, path.rack.rttNs());
      long wait = path.detect(23 * MS, 0);
      assertTrue(path.segment(1).lost(), "sent at 1 ms: 1 + 20 + 0 <= 23");
      assertTrue(path.segment(2).lost());
      assertFalse(path.segment(4).lost(), "sent after segment 3: RACK says nothing of it");
      assertEquals(0, wait);
    }

    @Test
    void withinTheReorderingWindowItWaitsAndSaysHowLong() {
      Path path = new Path(5);
      path.ack(23 * MS, 1, 3);
      long wait = path.detect(23 * MS, 5 * MS);
      assertFalse(path.segment(1).lost());
      assertEquals(4 * MS, wait, "segment 2 is due at 2 + 20 + 5 = 27 ms, 4 ms from now");
      assertEquals(1 * MS, path.detect(26 * MS, 5 * MS), "segment 1 is due now, 2 in 1 ms");
      assertTrue(path.segment(1).lost());
      assertFalse(path.segment(2).lost());
      assertEquals(0, path.detect(27 * MS, 5 * MS));
      assertTrue(path.segment(2).lost());
    }

    @Test
    void aLostRetransmissionIsFoundWithoutATimeout() {
      Path path = new Path(6);
      path.ack(23 * MS, 1, 3);
      path.detect(23 * MS, 0);
      path.board.onTransmit(seg(1), seg(2), 23 * MS); // retransmit segment 1 at 23 ms
      path.board.onTransmit(seg(7), seg(8), 24 * MS); // and new data right after it
      path.ack(44 * MS, 1, 7); // segment 7 arrives; the retransmission of 1 did not
      path.detect(44 * MS, 0);
      assertFalse(path.segment(1).retransmissionInFlight(),
          "the retransmission went at 23 ms, 23 + 20 <= 44: it is lost too");
      assertTrue(path.segment(1).lost(), "and segment 1 is to be sent once more");
    }

    @Test
    void aRetransmissionSentInTheSameInstantAsNewDataCountsAsSentAfterIt() {
      Path path = new Path(4);
      path.ack(24 * MS, 1, 4);
      path.detect(24 * MS, 0);
      path.board.onTransmit(seg(5), seg(6), 24 * MS); // new data first ...
      path.board.onTransmit(seg(1), seg(2), 24 * MS); // ... then, same instant, a retransmission
      path.ack(44 * MS, 1, 5);
      path.detect(44 * MS, 0);
      assertTrue(path.segment(1).retransmissionInFlight(),
          "segment 5 went before the retransmission: its delivery says nothing of it");
    }

    @Test
    void theAckOfAnOriginalDoesNotCountAsTheRetransmissionsDelivery() {
      Path path = new Path(3);
      path.ack(23 * MS, 1, 3);
      path.detect(23 * MS, 0);
      path.board.onTransmit(seg(1), seg(2), 30 * MS);
      // The original of segment 1 arrives late; its ACK echoes its own timestamp (1 ms).
      path.board.update(seg(2), List.of(), s -> path.rack.onDelivered(s, 31 * MS, 1));
      assertEquals(3 * MS, path.rack.xmitNs(),
          "RACK.xmit_ts stays with segment 3: the echo shows the original arrived (step 2)");
    }
    @Test
    void aSackedRetransmissionCountsWhateverOlderTimestampTheSackEchoes() {
      Path path = new Path(3);
      path.ack(23 * MS, 1, 3);
      path.detect(23 * MS, 0);
      path.board.onTransmit(seg(2), seg(3), 30 * MS);
      // The retransmission of 2 arrives out of order; the SACK echoes the TSval of the last
      // segment that advanced the peer's RCV.NXT (RFC 7323 §4.3), here 0 ms: older than 30 ms.
      path.board.update(seg(1), List.of(new ByteRange(seg(2), seg(4))),
          s -> path.rack.onDelivered(s, 50 * MS, 0));
      assertEquals(30 * MS, path.rack.xmitNs(),
          "RACK.xmit_ts moves to the retransmission: its RTT (20 ms) is not below min_RTT");
    }
  }

  @Nested
  class ReorderingWindow {

    @Test
    void isZeroWithoutReorderingInRecoveryOrWithDupThreshSackedSegments() {
      Path path = new Path(6);
      path.ack(24 * MS, 1, 4);
      assertEquals(20 * MS / 4, path.rack.reorderWindowNs(false, 1, 20 * MS),
          "min_RTT / 4 while only one segment is SACKed");
      assertEquals(0, path.rack.reorderWindowNs(true, 1, 20 * MS), "in recovery");
      assertEquals(0, path.rack.reorderWindowNs(false, 3, 20 * MS), "DupThresh SACKed");
    }

    @Test
    void reorderingSeenKeepsTheWindowEvenInRecovery() {
      Path path = new Path(6);
      path.ack(24 * MS, 1, 4);
      path.ack(25 * MS, 3); // segments 1 and 2 arrive after 4: never retransmitted, reordered
      assertTrue(path.rack.reorderingSeen());
      assertEquals(20 * MS / 4, path.rack.reorderWindowNs(true, 3, 20 * MS));
    }

    @Test
    void isCappedAtSrtt() {
      Path path = new Path(2);
      path.ack(21 * MS, 2);
      for (int i = 0; i < 7; i++) {
        path.rack.onAck(true, seg(2) + i * SMSS, seg(3) + i * SMSS);
        path.rack.onAck(false, seg(3) + i * SMSS, seg(4) + i * SMSS);
      }
      assertEquals(8, path.rack.reorderWindowMultiplier());
      assertEquals(15 * MS, path.rack.reorderWindowNs(false, 0, 15 * MS),
          "8 · 20 ms / 4 = 40 ms, capped at SRTT = 15 ms");
    }

    @Test
    void growsOncePerRoundTripWithDsacksAndShrinksAfterSixteenRecoveriesWithout() {
      RackLossDetection rack = new RackLossDetection();
      rack.onAck(true, seg(1), seg(11));
      rack.onAck(true, seg(5), seg(12));
      assertEquals(2, rack.reorderWindowMultiplier(), "second D-SACK in the same round: no");
      rack.onAck(true, seg(11), seg(20));
      assertEquals(3, rack.reorderWindowMultiplier(), "SND.UNA passed the round: grows again");
      for (int i = 0; i < RackLossDetection.REO_WND_PERSIST - 1; i++) {
        rack.onRecoveryEnd();
      }
      assertEquals(3, rack.reorderWindowMultiplier());
      rack.onRecoveryEnd();
      assertEquals(1, rack.reorderWindowMultiplier(), "sixteen recoveries without a D-SACK");
    }
  }

  @Nested
  class AtATimeout {

    @Test
    void aSegmentWhoseTimeIsNotUpMayStillArrive() {
      Path path = new Path(10);
      path.ack(21 * MS, 2);
      assertTrue(path.rack.mayStillArrive(path.segment(10), 25 * MS, 0), "10 + 20 > 25");
      assertFalse(path.rack.mayStillArrive(path.segment(3), 25 * MS, 0));
    }
  }
}
