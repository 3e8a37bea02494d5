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
    void doNotPaceWithoutARate() {
      Pacing pacing = new Pacing();
      for (int i = 0; i < 10; i++) {
        assertTrue(pacing.mayTransmit(0));
        pacing.onTransmit(0, MSS, 0, MSS);
      }
    }
  }
}
