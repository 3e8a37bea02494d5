package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link Pacing} on its own: Linux's rate, bursts of two segments or 1 ms of data, and the credit
 * for a late departure. The sender's use of it is in {@code Rfc9293SenderTest.WithPacing}.
 */
class PacingTest {

  private static final long MS = 1_000_000L;
  private static final int MSS = 1000;

  @Nested
  class TheRate {

    @Test
    void isTwiceTheWindowPerRttInSlowStart() {
      // cwnd 10,000 B below ssthresh / 2, SRTT 100 ms: 2 × 100,000 B/s.
      assertEquals(200_000, Pacing.rateBytesPerSecond(10_000, 1L << 40, 0, 100 * MS));
    }

    @Test
    void isOnePointTwoTimesTheWindowPerRttFromHalfSsthreshOn() {
      assertEquals(120_000, Pacing.rateBytesPerSecond(10_000, 20_000, 0, 100 * MS),
          "cwnd = ssthresh / 2 is no longer slow start's doubling (Linux: cwnd < ssthresh / 2)");
      assertEquals(199_980, Pacing.rateBytesPerSecond(9_999, 20_000, 0, 100 * MS),
          "just below ssthresh / 2 it is slow start's");
      assertEquals(120_000, Pacing.rateBytesPerSecond(10_000, 10_000, 0, 100 * MS));
    }

    @Test
    void followsTheFlightWhenItExceedsTheWindow() {
      assertEquals(180_000, Pacing.rateBytesPerSecond(10_000, 10_000, 15_000, 100 * MS),
          "max(cwnd, FlightSize), as Linux's max(snd_cwnd, packets_out)");
    }

    @Test
    void isZeroBeforeTheFirstRttSample() {
      assertEquals(0, Pacing.rateBytesPerSecond(10_000, 10_000, 0, 0));
    }
  }

  @Nested
  class Bursts {

    @Test
    void holdTwoSegmentsAtLowRates() {
      assertEquals(2 * MSS, Pacing.burstBytes(200_000, MSS), "1 ms at 200 kB/s is 200 B");
    }

    @Test
    void holdOneMillisecondOfDataAtHighRates() {
      assertEquals(10_000, Pacing.burstBytes(10_000_000, MSS));
    }

    @Test
    void leaveAtOneInstantAndTheNextOneWhenTheirBytesWouldHaveLeftAtTheRate() {
      Pacing pacing = new Pacing();
      long now = 5 * MS;
      assertTrue(pacing.mayTransmit(now), "nothing paced yet");
      pacing.onTransmit(now, MSS, 200_000, MSS);
      assertTrue(pacing.mayTransmit(now), "the burst's second segment");
      pacing.onTransmit(now, MSS, 200_000, MSS);
      assertFalse(pacing.mayTransmit(now), "a third would exceed the burst");
      assertEquals(now + 10 * MS, pacing.releaseNs(), "2,000 B at 200 kB/s take 10 ms");
      assertFalse(pacing.mayTransmit(now + 10 * MS - 1));
      assertTrue(pacing.mayTransmit(now + 10 * MS));
    }

    @Test
    void doNotCarryOverToALaterInstant() {
      Pacing pacing = new Pacing();
      pacing.onTransmit(0, MSS, 200_000, MSS);
      assertFalse(pacing.mayTransmit(1), "the burst's room is for its own instant only");
      assertEquals(5 * MS, pacing.releaseNs());
    }

    @Test
    void thatLeaveLateGetUpToHalfTheirIntervalBack() {
      Pacing pacing = new Pacing();
      pacing.onTransmit(0, MSS, 200_000, MSS);
      pacing.onTransmit(0, MSS, 200_000, MSS);
      // Due at 10 ms, the timer fired at 12 ms: 2 ms of credit (under half of 10 ms).
      pacing.onTransmit(12 * MS, MSS, 200_000, MSS);
      pacing.onTransmit(12 * MS, MSS, 200_000, MSS);
      assertEquals(20 * MS, pacing.releaseNs(), "the average rate holds despite the late timer");
      // Due at 20 ms, sent at 60 ms (the application had nothing): at most 5 ms back.
      pacing.onTransmit(60 * MS, MSS, 200_000, MSS);
      pacing.onTransmit(60 * MS, MSS, 200_000, MSS);
      assertEquals(65 * MS, pacing.releaseNs(), "an idle period is no credit for a burst");
    }

    @Test
    void aSegmentSentAheadOfItsTimeOpensNoBurstAndPushesTheNextOneBack() {
      Pacing pacing = new Pacing();
      pacing.onTransmit(0, MSS, 200_000, MSS);
      pacing.onTransmit(0, MSS, 200_000, MSS);
      // A retransmission the sender does not pace, at 2 ms: the next burst is due 5 ms later.
      pacing.onTransmit(2 * MS, MSS, 200_000, MSS);
      assertEquals(15 * MS, pacing.releaseNs());
      assertFalse(pacing.mayTransmit(2 * MS), "the unpaced segment opened no burst");
      // And at the burst's own instant, once its room is used up, the same.
      pacing.onTransmit(15 * MS, MSS, 200_000, MSS);
      pacing.onTransmit(15 * MS, MSS, 200_000, MSS);
      pacing.onTransmit(15 * MS, MSS, 200_000, MSS);
      assertEquals(30 * MS, pacing.releaseNs(), "three segments at 5 ms each");
      assertFalse(pacing.mayTransmit(15 * MS));
    }

    @Test
    void aLateBurstStillHoldsOnlyItsOwnBytes() {
      // 10 MB/s: bursts of 1 ms (10 segments of 1,000 B), 100 µs per segment.
      Pacing pacing = new Pacing();
      assertEquals(10, burstAt(pacing, 0));
      assertEquals(MS, pacing.releaseNs());
      // The next burst leaves 49 ms late: half a burst's interval of credit, no more segments.
      assertEquals(10, burstAt(pacing, 50 * MS));
      assertEquals(50 * MS + MS / 2, pacing.releaseNs());
    }

    /** Sends while {@link Pacing#mayTransmit} lets segments go at {@code nowNs}; how many. */
    private int burstAt(Pacing pacing, long nowNs) {
      int sent = 0;
      while (pacing.mayTransmit(nowNs) && sent < 100) {
        pacing.onTransmit(nowNs, MSS, 10_000_000, MSS);
        sent++;
      }
      return sent;
    }

    @Test
    void workWithTheNegativeTimesOfAnArbitraryClockOrigin() {
      Pacing pacing = new Pacing();
      long now = -1_000_000_000L; // System.nanoTime() may be negative
      assertTrue(pacing.mayTransmit(now));
      pacing.onTransmit(now, MSS, 200_000, MSS);
      pacing.onTransmit(now, MSS, 200_000, MSS);
      assertEquals(now + 10 * MS, pacing.releaseNs(), "the first burst gets no credit");
    }

    @Test
    void doNotPaceWithoutARate() {
      Pacing pacing = new Pacing();
      for (int i = 0; i < 10; i++) {
        assertTrue(pacing.mayTransmit(0));
        pacing.onTransmit(0, MSS, 0, MSS);
      }
    }
  }
}
