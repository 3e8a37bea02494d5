package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.minitransport.tcp.LossRecoveryConfig;

/** PRR's construction contract (RFC 6937 needs SMSS), beside {@link ProportionalRateReductionTest}. */
class ProportionalRateReductionRulesTest {

  @Test
  void needsAPositiveSmss() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProportionalRateReduction(LossRecoveryConfig.Prr.CONSERVATIVE, 0));
    assertEquals(true, e.getMessage().contains("got 0"));
    assertThrows(IllegalArgumentException.class,
        () -> new ProportionalRateReduction(LossRecoveryConfig.Prr.CONSERVATIVE, -1));
  }

  @Test
  void aOneByteSmssIsEnough() {
    ProportionalRateReduction prr =
        new ProportionalRateReduction(LossRecoveryConfig.Prr.CONSERVATIVE, 1);
    prr.start(10, 20);
    assertEquals(1, prr.onAck(0, 20, false), "the first step lets one SMSS go");
  }
}
