package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * HyStart++ (RFC 9406 §4.2) driven round by round. A round is a window of data: every ACK below
 * {@code end} belongs to it; the first ACK past it starts the next. SMSS is 1000 bytes; each ACK
 * acknowledges one segment and carries one RTT sample.
 */
class HyStartPlusPlusTest {

  private static final long MS = 1_000_000L;
  private static final long SMSS = 1000;

  /** The sender's view: SND.NXT moves on by a round's worth of segments per round. */
  private static final class Rounds {
    final HyStartPlusPlus hyStart = new HyStartPlusPlus();
    long acked = 1;
    long sndNxt = 1;
    long grown;

    /**
     * One round of {@code acks} ACKs, each with the given RTT sample: SND.NXT at its start is the
     * end of its data, so the first ACK beyond that starts the next round.
     */
    void round(int acks, long rttNs) {
      sndNxt = acked + (long) acks * SMSS;
      for (int i = 0; i < acks; i++) {
        acked += SMSS;
        grown += hyStart.onAck(SMSS, SMSS, acked, sndNxt, rttNs);
      }
    }
  }

  @Test
  void aRisingRttLeadsToConservativeSlowStartAndThenToTheEndOfSlowStart() {
    Rounds r = new Rounds();
    r.round(8, 20 * MS);
    r.round(8, 20 * MS);
    assertFalse(r.hyStart.inConservativeSlowStart(), "the RTT is flat");
    r.round(8, 24 * MS); // +4 ms = max(4 ms, min(20/8 ms, 16 ms))
    assertTrue(r.hyStart.inConservativeSlowStart(), "RttThresh reached after 8 samples");
    long before = r.grown;
    r.round(8, 24 * MS);
    assertEquals(8 * SMSS / HyStartPlusPlus.CSS_GROWTH_DIVISOR, r.grown - before,
        "in CSS cwnd grows a quarter as fast");
    for (int i = 0; i < HyStartPlusPlus.CSS_ROUNDS - 2; i++) {
      r.round(8, 24 * MS);
    }
    assertFalse(r.hyStart.slowStartOver(), "the partial round and four more make five");
    r.round(1, 24 * MS);
    assertTrue(r.hyStart.slowStartOver(), "after CSS_ROUNDS rounds slow start ends");
  }

  @Test
  void anRttIncreaseBelowTheThresholdKeepsSlowStart() {
    Rounds r = new Rounds();
    r.round(8, 40 * MS);
    r.round(8, 44 * MS); // RttThresh = max(4, min(40/8, 16)) = 5 ms
    assertFalse(r.hyStart.inConservativeSlowStart());
    r.round(8, 50 * MS);
    assertTrue(r.hyStart.inConservativeSlowStart(), "44 + 5.5 ≤ 50");
  }

  @Test
  void theThresholdIsAtMostSixteenMilliseconds() {
    Rounds r = new Rounds();
    r.round(8, 200 * MS);
    r.round(8, 215 * MS);
    assertFalse(r.hyStart.inConservativeSlowStart(), "200/8 = 25 ms, clamped to 16 ms");
    r.round(8, 232 * MS);
    assertTrue(r.hyStart.inConservativeSlowStart());
  }

  @Test
  void fewerThanEightSamplesDecideNothing() {
    Rounds r = new Rounds();
    r.round(8, 20 * MS);
    r.round(7, 40 * MS);
    assertFalse(r.hyStart.inConservativeSlowStart());
  }

  @Test
  void anRttThatFallsBelowTheBaselineInCssResumesSlowStart() {
    Rounds r = new Rounds();
    r.round(8, 20 * MS);
    r.round(8, 30 * MS);
    assertTrue(r.hyStart.inConservativeSlowStart());
    r.round(8, 25 * MS);
    assertFalse(r.hyStart.inConservativeSlowStart(), "25 ms < the 30 ms baseline: spurious");
    assertEquals(1, r.hyStart.cssEntries());
  }

  @Test
  void theIncreasePerAckIsCappedAtEightSegments() {
    HyStartPlusPlus hyStart = new HyStartPlusPlus();
    assertEquals(8 * SMSS, hyStart.onAck(20 * SMSS, SMSS, 20_001, 40_001, -1),
        "L = 8 for a sender that does not pace");
  }
}
