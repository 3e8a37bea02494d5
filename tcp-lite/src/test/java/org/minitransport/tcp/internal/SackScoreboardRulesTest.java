package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6675 scoreboard's edges, rule by rule, beside {@link SackScoreboardTest}: the counts
 * IsLost() takes (segments and bytes, strictly above), the totals SetPipe() reads after splits,
 * SACKs and cumulative ACKs, D-SACK recognition (RFC 2883 §4), RescueRxt, and the timeout's
 * marks. SMSS is 1000 bytes; data segment k covers [seg(k), seg(k + 1)).
 */
class SackScoreboardRulesTest {

  private static final long SMSS = 1000;
  private static final long MS = 1_000_000L;

  private static long seg(int k) {
    return 1 + SMSS * (k - 1);
  }

  /** Segments 1..n of {@code size} bytes each from seg(1), sent at k ms. */
  private static SackScoreboard sent(int n, long size) {
    SackScoreboard board = new SackScoreboard(seg(1));
    for (int k = 0; k < n; k++) {
      board.onTransmit(seg(1) + k * size, seg(1) + (k + 1) * size, (k + 1) * MS);
    }
    return board;
  }

  private static SackScoreboard sent(int n) {
    return sent(n, SMSS);
  }

  private static SackScoreboard.AckUpdate ack(SackScoreboard board, long ackAbs,
      ByteRange... blocks) {
    return board.update(ackAbs, List.of(blocks), s -> { });
  }

  @Nested
  class IsLost {

    @Test
    void threeSmallSackedSegmentsAboveAreEnoughByCount() {
      // RFC 6675 §4 IsLost: DupThresh discontiguous SACKed sequences, whatever their size.
      SackScoreboard board = sent(7, 300);
      ack(board, seg(1), new ByteRange(seg(1) + 300, seg(1) + 600),
          new ByteRange(seg(1) + 900, seg(1) + 1200), new ByteRange(seg(1) + 1500, seg(1) + 1800));
      assertTrue(board.isLost(seg(1), SMSS));
      assertEquals(300, board.markLostByDupThresh(SMSS));
      assertTrue(board.get(0).lost());
    }

    @Test
    void twoSmssOfSackedBytesInTwoSegmentsAreNotEnough() {
      // (DupThresh − 1) · SMSS = 2000 bytes must be exceeded, not reached.
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(2), seg(4)));
      assertFalse(board.isLost(seg(1), SMSS));
      assertEquals(0, board.markLostByDupThresh(SMSS));
    }

    @Test
    void moreThanTwoSmssOfSackedBytesInTwoSegmentsAreEnough() {
      SackScoreboard board = sent(3, 1500);
      ack(board, seg(1), new ByteRange(seg(1) + 1500, seg(1) + 4500));
      assertEquals(2, board.sackedSegments());
      assertTrue(board.isLost(seg(1), SMSS));
      assertEquals(1500, board.markLostByDupThresh(SMSS));
    }

    @Test
    void aSackedSegmentStartingAtTheSequenceNumberIsNotAboveIt() {
      SackScoreboard board = sent(6);
      ack(board, seg(1), new ByteRange(seg(2), seg(3)), new ByteRange(seg(4), seg(5)));
      ack(board, seg(1), new ByteRange(seg(2), seg(3)), new ByteRange(seg(4), seg(7)));
      assertFalse(board.isLost(seg(4), SMSS), "only segments 5 and 6 lie above seg(4)");
      assertTrue(board.isLost(seg(1), SMSS));
    }

    @Test
    void aPeerThatRenegedCountsItsSackedHeadAboveBytesBelowIt() {
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(2), seg(5)));
      ack(board, seg(2));
      assertTrue(board.get(0).sacked());
      assertTrue(board.isLost(seg(1), SMSS), "three SACKed segments above seg(1), the head one");
    }
  }

  @Nested
  class Marks {

    @Test
    void aSackedSegmentIsNeverDeemedLost() {
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(2), seg(3)));
      long marks = board.lostMarks();
      board.markLost(board.get(1));
      assertFalse(board.get(1).lost());
      assertEquals(0, board.lostBytes());
      assertEquals(marks, board.lostMarks());
    }

    @Test
    void markingALostSegmentAgainCountsOnlyIfItsRetransmissionWasInFlight() {
      SackScoreboard board = sent(3);
      board.markLost(board.get(0));
      assertEquals(1, board.lostMarks());
      board.markLost(board.get(0));
      assertEquals(1, board.lostMarks(), "nothing new was lost");
      board.onTransmit(seg(1), seg(2), 10 * MS);
      assertEquals(1, board.retransmissionsInFlight());
      board.markLost(board.get(0));
      assertEquals(2, board.lostMarks(), "the retransmission was lost");
      assertEquals(0, board.retransmissionsInFlight());
      assertEquals(SMSS, board.lostBytes());
    }

    @Test
    void aLostSegmentThatIsSackedLeavesTheLostTotal() {
      SackScoreboard board = sent(3);
      board.markLost(board.get(1));
      ack(board, seg(1), new ByteRange(seg(2), seg(3)));
      assertEquals(0, board.lostBytes());
      assertEquals(2 * SMSS, board.pipe());
    }

    @Test
    void aRetransmissionThatIsSackedIsNoLongerInFlight() {
      SackScoreboard board = sent(3);
      board.markLost(board.get(0));
      board.onTransmit(seg(1), seg(2), 10 * MS);
      ack(board, seg(1), new ByteRange(seg(1), seg(2)));
      assertEquals(0, board.retransmissionsInFlight());
      assertEquals(2 * SMSS, board.pipe());
    }
  }

  @Nested
  class CumulativeAcks {

    @Test
    void sackedLostAndRetransmittedSegmentsLeaveAllTotals() {
      SackScoreboard board = sent(4);
      board.markLost(board.get(0));
      board.onTransmit(seg(1), seg(2), 10 * MS);
      board.markLost(board.get(1));
      ack(board, seg(1), new ByteRange(seg(3), seg(4)));
      ack(board, seg(4));
      assertEquals(0, board.sackedBytes());
      assertEquals(0, board.sackedSegments());
      assertEquals(0, board.lostBytes());
      assertEquals(0, board.retransmissionsInFlight());
      assertEquals(SMSS, board.pipe());
    }

    @Test
    void anAckInsideASackedSegmentLeavesItsSackedRest() {
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(1), seg(2)));
      ack(board, seg(1) + 500);
      assertEquals(1, board.sackedSegments());
      assertEquals(500, board.sackedBytes());
      assertEquals(2 * SMSS, board.pipe());
    }

    @Test
    void anAckInsideARetransmittedSegmentLeavesItsRestInFlight() {
      SackScoreboard board = sent(3);
      board.onTransmit(seg(1), seg(2), 10 * MS);
      ack(board, seg(1) + 500);
      assertEquals(1, board.retransmissionsInFlight());
      assertEquals(2 * SMSS + 500 + 500, board.pipe());
    }

    @Test
    void rescueRxtStaysSpentUntilHighAckPassesIt() {
      // RFC 6675 §4 rule 4: "(HighACK > RescueRxt or RescueRxt is None)".
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(2), seg(3)));
      assertSame(board.get(3), board.rescueRetransmission(seg(4)));
      ack(board, seg(4), new ByteRange(seg(4), seg(5)));
      board.onTransmit(seg(5), seg(6), 20 * MS);
      assertNull(board.rescueRetransmission(seg(6)), "HighACK = RescueRxt");
      ack(board, seg(4) + 500);
      assertSame(board.get(board.size() - 1), board.rescueRetransmission(seg(6)));
    }
  }

  @Nested
  class SackBlocks {

    @Test
    void aFirstBlockAtTheStartOfTheSecondIsADsack() {
      SackScoreboard board = sent(6);
      SackScoreboard.AckUpdate update = ack(board, seg(1), new ByteRange(seg(3), seg(4)),
          new ByteRange(seg(3), seg(6)));
      assertEquals(new ByteRange(seg(3), seg(4)), update.dsack());
    }

    @Test
    void aFirstBlockAtTheEndOfTheSecondIsADsack() {
      SackScoreboard board = sent(6);
      SackScoreboard.AckUpdate update = ack(board, seg(1), new ByteRange(seg(5), seg(6)),
          new ByteRange(seg(3), seg(6)));
      assertEquals(new ByteRange(seg(5), seg(6)), update.dsack());
    }

    @Test
    void aBlockBeyondHighDataSacksNothing() {
      SackScoreboard board = sent(3);
      SackScoreboard.AckUpdate update = ack(board, seg(1), new ByteRange(seg(4), seg(5)));
      assertEquals(0, update.newlySackedBytes());
      assertEquals(0, board.sackedSegments());
      assertEquals(3, board.size());
    }

    @Test
    void aBlockCoveringTheFrontOfASegmentSacksOnlyThatFront() {
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(2), seg(2) + 400));
      assertEquals(400, board.sackedBytes());
      assertEquals(4, board.size());
      assertFalse(board.get(2).sacked());
    }

    @Test
    void aSackedSegmentSplitByAnotherBlockEdgeCountsAsTwo() {
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(2), seg(3)));
      board.splitAt(seg(2) + 400);
      assertEquals(2, board.sackedSegments());
      assertEquals(SMSS, board.sackedBytes());
    }
  }

  @Nested
  class Transmissions {

    @Test
    void anEmptyRangeRecordsNothing() {
      SackScoreboard board = sent(2);
      board.onTransmit(seg(3), seg(3), 5 * MS);
      board.onTransmit(seg(2), seg(2), 5 * MS);
      assertEquals(2, board.size());
      assertEquals(0, board.retransmissionsInFlight());
    }

    @Test
    void newDataBeyondAGapIsRecordedFromHighData() {
      SackScoreboard board = sent(2);
      board.onTransmit(seg(3) + 100, seg(4), 5 * MS);
      assertEquals(3, board.size());
      assertEquals(seg(3), board.get(2).startAbs());
      assertEquals(0, board.retransmissionsInFlight());
    }

    @Test
    void aResendThatRunsPastHighDataAddsTheNewPartAsNewData() {
      // A go-back-N resend after a timeout may merge old and new bytes in one segment.
      SackScoreboard board = sent(2);
      board.onTransmit(seg(2), seg(3) + 500, 5 * MS);
      assertEquals(seg(3) + 500, board.highDataAbs());
      assertEquals(3, board.size());
      assertTrue(board.get(1).retransmissionInFlight());
      assertFalse(board.get(2).everRetransmitted());
      assertEquals(1, board.retransmissionsInFlight());
    }

    @Test
    void aRetransmissionOfTheFrontOfASegmentMarksOnlyTheFront() {
      SackScoreboard board = sent(2);
      board.onTransmit(seg(1), seg(1) + 500, 5 * MS);
      assertEquals(3, board.size());
      assertTrue(board.get(0).retransmissionInFlight());
      assertFalse(board.get(1).retransmissionInFlight());
      assertEquals(2 * SMSS + 500, board.pipe());
    }

    @Test
    void aRetransmissionOfTheBackOfASegmentMarksOnlyTheBack() {
      SackScoreboard board = sent(2);
      board.onTransmit(seg(1) + 500, seg(2), 5 * MS);
      assertFalse(board.get(0).retransmissionInFlight());
      assertTrue(board.get(1).retransmissionInFlight());
      assertEquals(seg(1) + 500, board.get(1).startAbs());
    }

    @Test
    void aRetransmissionOfTheLastSegmentAddsNothing() {
      SackScoreboard board = sent(2);
      board.onTransmit(seg(2), seg(3), 5 * MS);
      assertEquals(2, board.size());
      assertEquals(seg(3), board.highDataAbs());
      assertTrue(board.get(1).retransmissionInFlight());
    }

    @Test
    void splittingAtHighDataMakesNoEmptySegment() {
      SackScoreboard board = sent(2);
      board.splitAt(board.highDataAbs());
      assertEquals(2, board.size());
      assertEquals(seg(3), board.get(1).endAbs());
    }
  }

  @Nested
  class Timeout {

    @Test
    void anEmptyBoardHasNothingToMark() {
      SackScoreboard board = sent(1);
      ack(board, seg(2));
      assertFalse(board.onRetransmissionTimeout(s -> false));
      assertEquals(0, board.lostBytes());
    }

    @Test
    void aPeerThatRenegedLosesItsSackedCountsAndItsHighestSack() {
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(2), seg(3)), new ByteRange(seg(4), seg(5)));
      ack(board, seg(2));
      assertEquals(seg(5), board.highestSackedEndAbs());
      assertTrue(board.onRetransmissionTimeout(s -> false));
      assertEquals(0, board.sackedSegments());
      assertEquals(0, board.sackedBytes());
      assertEquals(-1, board.highestSackedEndAbs());
      assertNull(board.forwardRetransmission());
    }

    @Test
    void ruleThreeStopsAtTheHighestSackedByte() {
      // NextSeg rule 3 looks only below the highest SACKed sequence number.
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(3), seg(4)));
      board.markLost(board.get(0));
      board.onTransmit(seg(1), seg(2), 5 * MS);
      board.markLost(board.get(1));
      board.onTransmit(seg(2), seg(3), 5 * MS);
      assertNull(board.forwardRetransmission(), "segment 4 starts at the highest SACKed end");
    }

    @Test
    void ruleFourNeedsAnUnsackedSegmentAboveHighRxt() {
      // RFC 6675 §4 rule 4: an unSACKed S with S > HighRxt; the highest one is being resent.
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(2), seg(4)));
      board.onTransmit(seg(4), seg(5), 5 * MS);
      assertNull(board.rescueRetransmission(seg(5)));
    }

    @Test
    void ruleFourTakesTheHighestUnsackedSegmentAboveALowerRetransmission() {
      SackScoreboard board = sent(4);
      ack(board, seg(1), new ByteRange(seg(2), seg(4)));
      board.onTransmit(seg(1), seg(2), 5 * MS);
      assertSame(board.get(3), board.rescueRetransmission(seg(5)));
    }

    @Test
    void ruleThreeFindsNothingWhenTheLastSegmentIsSacked() {
      SackScoreboard board = sent(3);
      ack(board, seg(1), new ByteRange(seg(3), seg(4)));
      board.markLost(board.get(0));
      board.markLost(board.get(1));
      assertNull(board.forwardRetransmission());
    }
  }
}
