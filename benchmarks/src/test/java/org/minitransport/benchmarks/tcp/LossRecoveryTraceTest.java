package org.minitransport.benchmarks.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig.Prr;

/**
 * The per-recovery trace the README's "where the window goes" figures come from: it must see every
 * recovery the sender counts, and its receiver figures must respect the delayed-ACK rules.
 */
class LossRecoveryTraceTest {

  private static final long BYTES = 2L << 20;

  @Test
  void seesEveryRecoveryTheSenderCountsAndNoneFoundBeforeARoundTrip() throws Exception {
    LossRecoveryTrace.Trace t = LossRecoveryTrace.run(7, BYTES, 0.02, false);
    var counters = t.result().counters();
    assertTrue(t.episodes().size() > 10, "2 MiB at 2 % loss needs recoveries: " + t.episodes());
    assertEquals(counters.sackRecoveries() + counters.lossProbeRecoveries(), t.episodes().size(),
        "one episode per recovery the sender began: " + counters);
    double rttMs = 2 * LossRecoveryTrace.ONE_WAY_DELAY_NS / 1e6;
    double meanDetectionMs = t.episodes().stream()
        .mapToDouble(LossRecoveryTrace.Episode::detectionDelayMs).average().orElseThrow();
    assertTrue(meanDetectionMs >= rttMs,
        "a loss is known only from the ACK of a later segment, an RTT on: " + meanDetectionMs);
    for (LossRecoveryTrace.Episode e : t.episodes()) {
      assertTrue(e.ssthreshSegments() <= e.cwndBeforeSegments(), "ssthresh below cwnd: " + e);
    }
  }

  @Test
  void delayedAcksHoldInOrderSegmentsNoLongerThanTheTimerAndNotAtAllWhenOff() throws Exception {
    LossRecoveryTrace.Trace delayed = LossRecoveryTrace.run(7, BYTES, 0.02, false);
    assertTrue(delayed.maxAckDelayMs() <= 40.0 + 1e-9,
        "RFC 9293 §3.8.6.3: the 40 ms delayed-ACK timer bounds the wait: "
            + delayed.maxAckDelayMs());
    assertTrue(delayed.shareHeldOverOneMs() > 0, "a lone segment waits for its partner");
    LossRecoveryTrace.Trace everySegment = LossRecoveryTrace.run(7, BYTES, 0.02, true);
    assertEquals(0, everySegment.maxAckDelayMs(), 1e-9, "delayed ACK off: each ACK at once");
    assertEquals(0, everySegment.meanSegmentsHeld(), 1e-9);
  }

  @Test
  void argumentsAreParsedAndBadOnesNamed() {
    assertArrayEquals(new double[] {0.01, 0.02}, LossRecoveryTrace.percents("1, 2"), 1e-12);
    assertArrayEquals(new long[] {1, 2, 3}, LossRecoveryTrace.seeds("1-3"));
    assertArrayEquals(new long[] {7, 9}, LossRecoveryTrace.seeds("7,9"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LossRecoveryTrace.percents("0"));
    assertTrue(e.getMessage().contains("0.0 %"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LossRecoveryTrace.seeds("8-1"));
    assertTrue(e.getMessage().contains("8-1"), e.getMessage());
    assertEquals(Prr.SLOW_START, LossRecoveryTrace.sender("prr-ssrb").prr());
    assertFalse(LossRecoveryTrace.sender("no-rack").rackTlp());
    e = assertThrows(IllegalArgumentException.class, () -> LossRecoveryTrace.sender("bbr"));
    assertTrue(e.getMessage().contains("bbr"), e.getMessage());
  }
}
