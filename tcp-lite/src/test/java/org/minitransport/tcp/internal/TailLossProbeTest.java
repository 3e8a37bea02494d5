package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.minitransport.tcp.internal.TailLossProbe.Outcome;

/** The tail loss probe of RFC 8985 §7: when it fires (§7.2) and what its ACK shows (§7.4). */
class TailLossProbeTest {

  private static final long MS = 1_000_000L;
  private static final long NOW = 1_000 * MS;
  private static final long FAR = Long.MAX_VALUE;

  @Nested
  class ProbeTimeout {

    @Test
    void isTwoSmoothedRtts() {
      assertEquals(NOW + 40 * MS, TailLossProbe.probeTimeoutNs(NOW, 20 * MS, false, FAR));
    }

    @Test
    void addsTheWorstCaseDelayedAckWhenOneSegmentIsInFlight() {
      assertEquals(NOW + 40 * MS + 200 * MS,
          TailLossProbe.probeTimeoutNs(NOW, 20 * MS, true, FAR),
          "a lone segment may wait for the peer's delayed-ACK timer (WCDelAckT = 200 ms)");
    }

    @Test
    void isOneSecondWithoutAnRttSample() {
      assertEquals(NOW + 1_000 * MS, TailLossProbe.probeTimeoutNs(NOW, 0, false, FAR));
    }

    @Test
    void isNeverLaterThanTheRto() {
      assertEquals(NOW + 30 * MS,
          TailLossProbe.probeTimeoutNs(NOW, 20 * MS, false, NOW + 30 * MS));
    }
  }

  @Nested
  class AckOfTheProbe {

    @Test
    void anAckBelowTheProbeLeavesItPending() {
      TailLossProbe tlp = new TailLossProbe();
      tlp.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.PENDING, tlp.onAck(9_001, false, false, -1));
      assertTrue(tlp.outstanding());
    }

    @Test
    void newDataDeliveredShowsNoLoss() {
      TailLossProbe tlp = new TailLossProbe();
      tlp.onProbeSent(10_001, false, NOW);
      assertEquals(Outcome.NEW_DATA_DELIVERED, tlp.onAck(10_001, false, false, -1));
      assertFalse(tlp.outstanding());
    }

    @Test
    void aDsackOfTheProbeShowsItWasNeedless() {
      TailLossProbe tlp = new TailLossProbe();
      tlp.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.NEEDLESS, tlp.onAck(10_001, true, false, -1));
    }

    @Test
    void anAckBeyondTheProbeShowsItRepairedALoss() {
      TailLossProbe tlp = new TailLossProbe();
      tlp.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.REPAIRED_A_LOSS, tlp.onAck(11_001, false, false, -1));
    }

    @Test
    void aPureDuplicateWithoutSackShowsBothArrived() {
      TailLossProbe tlp = new TailLossProbe();
      tlp.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.NEEDLESS, tlp.onAck(10_001, false, true, -1));
    }

    @Test
    void withTimestampsTheEchoTellsWhichCopyWasAcknowledged() {
      TailLossProbe answeredByProbe = new TailLossProbe();
      answeredByProbe.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.REPAIRED_A_LOSS,
          answeredByProbe.onAck(10_001, false, false, NOW / MS),
          "the ACK echoes the probe's timestamp: the original was lost");
      TailLossProbe answeredByOriginal = new TailLossProbe();
      answeredByOriginal.onProbeSent(10_001, true, NOW);
      assertEquals(Outcome.NEEDLESS,
          answeredByOriginal.onAck(10_001, false, false, NOW / MS - 30),
          "the ACK echoes an older timestamp: the original arrived");
    }
  }
}
