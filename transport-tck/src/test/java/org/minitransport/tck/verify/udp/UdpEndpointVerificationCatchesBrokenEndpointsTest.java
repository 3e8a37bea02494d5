package org.minitransport.tck.verify.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tck.verify.SuiteRuns.assertNamesRuleAndStep;
import static org.minitransport.tck.verify.SuiteRuns.failedRules;
import static org.minitransport.tck.verify.SuiteRuns.failure;
import static org.minitransport.tck.verify.SuiteRuns.run;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minitransport.tck.verify.VerificationReport;

/**
 * {@link UdpEndpointVerification}, run through the JUnit Platform launcher against deliberately
 * broken endpoints ({@link BrokenUdpEndpoints}), fails the rule each breaks, with a transcript
 * naming it; against the reference it passes every rule.
 */
class UdpEndpointVerificationCatchesBrokenEndpointsTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(BufferedUdpEndpointVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(16, report.maxScore(), report::text);
  }

  @Test
  void failsUdp03ForAnEndpointThatSendsAComputedZeroChecksumAsZero() {
    VerificationReport report = run(BrokenUdpEndpoints.SendsZeroChecksum.class);
    assertNamesRuleAndStep(failure(report, "UDP-03"), "should have been \"ffff\", but was \"0\"");
    assertEquals(Set.of("UDP-03"), failedRules(report), report::text);
  }

  @Test
  void failsUdp09ForAnEndpointThatNeverAnswersWithPortUnreachable() {
    VerificationReport report = run(BrokenUdpEndpoints.SilentOnUnboundPorts.class);
    assertNamesRuleAndStep(failure(report, "UDP-09"), "expect: ICMP unreachables at the peer");
    assertFalse(failedRules(report).contains("UDP-01"), report::text);
  }
}
