package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * RFC 8985 §7.4's edges for a probe that retransmitted (TLP.is_retrans), beside {@link
 * TailLossProbeTest}: the probe ends at 4001 and went out at 100 ms.
 */
class TailLossProbeRulesTest {

  private static final long END = 4001;

  private static TailLossProbe probe() {
    TailLossProbe tlp = new TailLossProbe();
    tlp.onProbeSent(END, true, 100_000_000L);
    return tlp;
  }

  @Test
  void anAckBelowTheProbeIsPendingWhateverItEchoes() {
    assertEquals(TailLossProbe.Outcome.PENDING, probe().onAck(END - 1, false, false, 150));
  }

  @Test
  void anEchoOfTheProbesOwnMillisecondShowsTheProbeRepairedALoss() {
    assertEquals(TailLossProbe.Outcome.REPAIRED_A_LOSS, probe().onAck(END, false, false, 100));
  }

  @Test
  void anEchoOfZeroIsOlderThanTheProbe() {
    assertEquals(TailLossProbe.Outcome.NEEDLESS, probe().onAck(END, false, false, 0));
  }

  @Test
  void aProbeSentInTheClocksFirstMillisecondIsAnsweredByAnEchoOfZero() {
    TailLossProbe tlp = new TailLossProbe();
    tlp.onProbeSent(END, true, 500_000L);
    assertEquals(TailLossProbe.Outcome.REPAIRED_A_LOSS, tlp.onAck(END, false, false, 0));
  }

  @Test
  void anAckAtTheProbesEndWithoutEchoOrDuplicateTellsNothingYet() {
    TailLossProbe tlp = probe();
    assertEquals(TailLossProbe.Outcome.PENDING, tlp.onAck(END, false, false, -1));
    assertEquals(END, tlp.endSeqAbs());
  }
}
