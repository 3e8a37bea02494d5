package org.minitransport.tck.verify.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tck.verify.SuiteRuns.assertNamesRuleAndStep;
import static org.minitransport.tck.verify.SuiteRuns.failedRules;
import static org.minitransport.tck.verify.SuiteRuns.failure;
import static org.minitransport.tck.verify.SuiteRuns.run;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minitransport.tck.verify.VerificationReport;

/**
 * {@link TcpSenderVerification}, run through the JUnit Platform launcher against deliberately
 * broken senders ({@link BrokenSenders}), fails the rule each breaks with a transcript naming the
 * step; against the reference it passes every rule.
 */
class TcpSenderVerificationCatchesBrokenSendersTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(Rfc9293SenderVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(20, report.maxScore(), report::text);
  }

  @Test
  void failsSend07ForASenderThatNeverBacksOff() {
    VerificationReport report = run(BrokenSenders.NeverBacksOff.class);
    assertNamesRuleAndStep(failure(report, "SEND-07"), "next deadline (RTO doubled");
    assertEquals(Set.of("SEND-07"), failedRules(report), report::text);
  }

  @Test
  void failsSend03ForASenderThatIgnoresTheWindow() {
    VerificationReport report = run(BrokenSenders.IgnoresTheWindow.class);
    assertNamesRuleAndStep(failure(report, "SEND-03"), "but was \"seq=1 len=1000, seq=1001"
        + " len=1000, seq=2001 len=1000, seq=3001 len=1000");
    assertTrue(failedRules(report).containsAll(Set.of("SEND-03", "SEND-11", "SEND-12")),
        report::text);
  }

  @Test
  void failsSend09ForASenderThatNeverFastRetransmits() {
    VerificationReport report = run(BrokenSenders.NoFastRetransmit.class);
    assertNamesRuleAndStep(failure(report, "SEND-09"),
        "Unsuccessful expect: seq 1001 retransmitted at once");
    // SEND-17 samples RTTs through a fast recovery, which this sender never starts.
    assertEquals(Set.of("SEND-09", "SEND-17"), failedRules(report), report::text);
  }
}
