package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6675 scoreboard, rule by rule (§3 and §4: Update(), IsLost(), SetPipe(), NextSeg()).
 * SMSS is 1000 bytes; data segment k (k = 1, 2, ...) covers [1 + 1000·(k−1), 1 + 1000·k), so
 * {@code seg(k)} is its first byte and {@code seg(k + 1)} the byte after it.
 */
class SackScoreboardTest {

  private static final long SMSS = 1000;
  private static final long NOW = 1_000_000_000L;

  private static long seg(int k) {
    return 1 + SMSS * (k - 1);
  }

  /** Segments 1..n sent at NOW + k ms. */
  private static SackScoreboard sent(int n) {
    SackScoreboard board = new SackScoreboard(seg(1));
    for (int k = 1; k <= n; k++) {
      board.onTransmit(seg(k), seg(k + 1), NOW + k * 1_000_000L);
    }
    return board;
  }

  /** SACK blocks for segments [from, to] each, as the receiver would send them. */
  private static ByteRange segments(int from, int to) {
    return new ByteRange(seg(from), seg(to + 1));
  }

  private static SackScoreboard.AckUpdate ack(SackScoreboard board, int nextExpected,
      ByteRange... blocks) {
    return board.update(seg(nextExpected), List.of(blocks), s -> { });
  }

  @Nested
  class Update {

    @Test
    void aCumulativeAckRemovesWhatItCoversAndCountsItDelivered() {
      SackScoreboard board = sent(10);
      SackScoreboard.AckUpdate update = ack(board, 4);
      assertEquals(3 * SMSS, update.deliveredBytes());
      assertEquals(7, board.size());
      assertEquals(seg(4), board.highAckAbs());
      assertEquals(seg(4), board.get(0).startAbs());
    }

    @Test
    void aSackBlockMarksItsSegmentsOnceAndTheyCountAsDeliveredOnce() {
      SackScoreboard board = sent(10);
      SackScoreboard.AckUpdate first = ack(board, 1, segments(3, 4));
      assertEquals(2 * SMSS, first.newlySackedBytes());
      assertEquals(2 * SMSS, first.deliveredBytes());
      assertTrue(board.get(2).sacked() && board.get(3).sacked());
      SackScoreboard.AckUpdate repeated = ack(board, 1, segments(3, 4));
      assertEquals(0, repeated.deliveredBytes(), "a block already known SACKs nothing new");
      SackScoreboard.AckUpdate covering = ack(board, 5);
      assertEquals(2 * SMSS, covering.deliveredBytes(),
          "the cumulative ACK delivers segments 1 and 2 only: 3 and 4 were delivered before");
    }

    @Test
    void aBlockThatCoversPartOfASegmentSplitsIt() {
      SackScoreboard board = sent(4);
      ack(board, 1, new ByteRange(seg(2) + 500, seg(3)));
      assertEquals(5, board.size());
      assertFalse(board.get(1).sacked());
      assertEquals(seg(2) + 500, board.get(2).startAbs());
      assertTrue(board.get(2).sacked());
      assertEquals(500, board.sackedBytes());
    }

    @Test
    void theFirstBlockBelowTheCumulativeAckIsADsackAndMarksNothing() {
      SackScoreboard board = sent(10);
      ack(board, 4);
      SackScoreboard.AckUpdate update = ack(board, 4, segments(2, 2), segments(6, 6));
      assertEquals(segments(2, 2), update.dsack());
      assertEquals(SMSS, update.newlySackedBytes(), "the second block is an ordinary SACK");
    }

    @Test
    void theFirstBlockInsideTheSecondIsADsack() {
      SackScoreboard board = sent(10);
      SackScoreboard.AckUpdate update = ack(board, 1, segments(6, 6), segments(5, 7));
      assertEquals(segments(6, 6), update.dsack());
      assertEquals(3 * SMSS, update.newlySackedBytes());
    }

    @Test
    void blocksOutsideTheBoardAreClippedOrIgnored() {
      SackScoreboard board = sent(4);
      SackScoreboard.AckUpdate update = ack(board, 2,
          new ByteRange(seg(4), seg(9)), new ByteRange(seg(20), seg(21)));
      assertEquals(SMSS, update.newlySackedBytes(), "only segment 4 was ever sent");
      assertEquals(seg(5), board.highDataAbs());
    }

    @Test
    void theListenerHearsOfEveryNewlyDeliveredSegmentInSequenceOrder() {
      SackScoreboard board = sent(10);
      List<Long> heard = new ArrayList<>();
      board.update(seg(3), List.of(segments(8, 9), segments(5, 5)),
          s -> heard.add(s.startAbs()));
      assertEquals(List.of(seg(1), seg(2), seg(5), seg(8), seg(9)), heard);
    }
  }

  @Nested
  class IsLost {

    @Test
    void threeSackedSegmentsAboveMakeASequenceNumberLost() {
      SackScoreboard board = sent(10);
      ack(board, 1, segments(3, 4));
      assertFalse(board.isLost(seg(1), SMSS), "two SACKed segments above: not yet");
      ack(board, 1, segments(6, 6), segments(3, 4));
      assertTrue(board.isLost(seg(1), SMSS), "DupThresh = 3 discontiguous SACKed segments");
      assertTrue(board.isLost(seg(2), SMSS));
      assertFalse(board.isLost(seg(5), SMSS), "only one SACKed segment above segment 5");
    }

    @Test
    void moreThanTwoSmssSackedBytesAboveMakeItLostEvenInFewerSegments() {
      SackScoreboard board = new SackScoreboard(1);
      board.onTransmit(1, 1001, NOW);
      board.onTransmit(1001, 2501, NOW);
      board.onTransmit(2501, 4001, NOW);
      board.update(1, List.of(new ByteRange(1001, 4001)), s -> { });
      assertEquals(2, board.sackedSegments());
      assertTrue(board.isLost(1, SMSS), "3000 bytes > (DupThresh − 1)·SMSS = 2000");
    }

    @Test
    void markingFollowsIsLostAndSparesRetransmissionsInFlight() {
      SackScoreboard board = sent(12);
      ack(board, 1, segments(5, 7));
      assertEquals(4 * SMSS, board.markLostByDupThresh(SMSS));
      assertTrue(board.get(0).lost() && board.get(3).lost());
      board.onTransmit(seg(1), seg(2), NOW + 50_000_000L);
      ack(board, 1, segments(9, 11), segments(5, 7));
      assertEquals(SMSS, board.markLostByDupThresh(SMSS), "segment 8 now; not segment 1 again");
      assertTrue(board.get(0).retransmissionInFlight());
    }
  }

  @Nested
  class SetPipe {

    @Test
    void withoutSackInformationThePipeIsTheFlight() {
      SackScoreboard board = sent(10);
      assertEquals(10 * SMSS, board.pipe());
      ack(board, 3);
      assertEquals(8 * SMSS, board.pipe());
    }

    @Test
    void sackedAndLostBytesLeaveThePipeAndRetransmissionsCountAgain() {
      SackScoreboard board = sent(10);
      ack(board, 1, segments(4, 6));
      assertEquals(7 * SMSS, board.pipe(), "three SACKed segments left the network");
      board.markLostByDupThresh(SMSS);
      assertEquals(4 * SMSS, board.pipe(), "segments 1–3 are deemed lost: not in the network");
      board.onTransmit(seg(1), seg(2), NOW + 50_000_000L);
      assertEquals(5 * SMSS, board.pipe(), "a retransmission of a lost segment counts once");
      board.onTransmit(seg(7), seg(8), NOW + 50_000_000L);
      assertEquals(6 * SMSS, board.pipe(),
          "a retransmission of a segment not deemed lost counts twice (RFC 6675 SetPipe (b))");
    }

    @Test
    void aRetransmissionDeemedLostLeavesThePipe() {
      SackScoreboard board = sent(4);
      ack(board, 1, segments(2, 4));
      board.markLostByDupThresh(SMSS);
      board.onTransmit(seg(1), seg(2), NOW + 50_000_000L);
      assertEquals(SMSS, board.pipe());
      board.markLost(board.get(0));
      assertEquals(0, board.pipe());
      assertSame(board.get(0), board.firstLostNotRetransmitted(), "to be sent once more");
    }
  }

  @Nested
  class NextSeg {

    @Test
    void rule1TakesTheLowestLostSegmentNotYetRetransmitted() {
      SackScoreboard board = sent(10);
      ack(board, 1, segments(3, 3), segments(5, 6));
      board.markLostByDupThresh(SMSS);
      assertEquals(seg(1), board.firstLostNotRetransmitted().startAbs());
      board.onTransmit(seg(1), seg(2), NOW + 50_000_000L);
      assertEquals(seg(2), board.firstLostNotRetransmitted().startAbs());
      board.onTransmit(seg(2), seg(3), NOW + 50_000_000L);
      assertNull(board.firstLostNotRetransmitted(), "segment 4 has only 5 and 6 SACKed above");
      ack(board, 1, segments(5, 7), segments(3, 3));
      board.markLostByDupThresh(SMSS);
      assertEquals(seg(4), board.firstLostNotRetransmitted().startAbs());
    }

    @Test
    void rule3TakesAnUnsackedSegmentBelowTheHighestSackNotDeemedLost() {
      SackScoreboard board = sent(10);
      ack(board, 1, segments(4, 4));
      assertNull(board.firstLostNotRetransmitted(), "one SACKed segment: nothing lost yet");
      assertEquals(seg(1), board.forwardRetransmission().startAbs());
      board.onTransmit(seg(1), seg(2), NOW + 50_000_000L);
      assertEquals(seg(2), board.forwardRetransmission().startAbs());
      board.onTransmit(seg(2), seg(4), NOW + 50_000_000L);
      assertNull(board.forwardRetransmission(), "nothing unSACKed below segment 4 is left");
    }

    @Test
    void rule4RescuesTheHighestUnsackedSegmentOncePerRecovery() {
      SackScoreboard board = sent(6);
      ack(board, 1, segments(2, 3));
      assertEquals(seg(6), board.rescueRetransmission(seg(7)).startAbs());
      assertNull(board.rescueRetransmission(seg(7)), "RescueRxt is set: no second rescue");
      ack(board, 5, segments(2, 3));
      assertNull(board.rescueRetransmission(seg(7)), "until HighACK passes RescueRxt");
      board.onTransmit(seg(7), seg(9), NOW);
      ack(board, 7);
      assertNull(board.rescueRetransmission(seg(9)), "HighACK = RecoveryPoint is not beyond it");
      ack(board, 8);
      assertEquals(seg(8), board.rescueRetransmission(seg(9)).startAbs(),
          "HighACK > RescueRxt: a new rescue may go");
    }
  }

  @Nested
  class AfterATimeout {

    @Test
    void everyUnsackedSegmentIsLostButSackedOnesAreKept() {
      SackScoreboard board = sent(6);
      ack(board, 1, segments(3, 4));
      board.onTransmit(seg(1), seg(2), NOW + 10_000_000L);
      assertFalse(board.onRetransmissionTimeout(s -> false), "no reneging");
      assertEquals(4 * SMSS, board.lostBytes(), "segments 1, 2, 5 and 6");
      assertEquals(2 * SMSS, board.sackedBytes());
      assertEquals(0, board.retransmissionsInFlight(), "the retransmission is lost too");
      assertEquals(0, board.pipe());
    }

    @Test
    void recentlySentSegmentsMayStayInFlightButTheFirstIsAlwaysLost() {
      SackScoreboard board = sent(3);
      board.onRetransmissionTimeout(s -> true);
      assertTrue(board.get(0).lost());
      assertFalse(board.get(1).lost());
      assertEquals(2 * SMSS, board.pipe());
    }

    @Test
    void aPeerThatRenegedLosesItsSackMarks() {
      SackScoreboard board = sent(6);
      ack(board, 1, segments(1, 2));
      assertTrue(board.onRetransmissionTimeout(s -> false),
          "SND.UNA's segment is SACKed yet unacknowledged: the receiver reneged (RFC 2018 §8)");
      assertEquals(0, board.sackedBytes());
      assertEquals(6 * SMSS, board.lostBytes());
    }

    @Test
    void anUndoClearsTheLostMarks() {
      SackScoreboard board = sent(4);
      board.onRetransmissionTimeout(s -> false);
      board.clearLostMarks();
      assertEquals(0, board.lostBytes());
      assertNull(board.firstLostNotRetransmitted());
    }
  }
}
