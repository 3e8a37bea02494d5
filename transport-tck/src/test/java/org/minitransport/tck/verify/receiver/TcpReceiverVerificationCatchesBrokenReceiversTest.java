package org.minitransport.tck.verify.receiver;

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
 * {@link TcpReceiverVerification}, run through the JUnit Platform launcher against deliberately
 * broken receivers ({@link BrokenReceivers}), fails the rule each breaks with a transcript naming
 * the step; against the reference it passes every rule.
 */
class TcpReceiverVerificationCatchesBrokenReceiversTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(Rfc9293ReceiverVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(23, report.maxScore(), report::text);
  }

  @Test
  void failsRecv12ForAReceiverWithoutSillyWindowAvoidance() {
    VerificationReport report = run(BrokenReceivers.NoSillyWindowAvoidance.class);
    assertNamesRuleAndStep(failure(report, "RECV-12"),
        "should have been \"ackno=ISN+1001 (1001) window=0\", but was"
            + " \"ackno=ISN+1001 (1001) window=50\"");
    assertTrue(Set.of("RECV-12", "RECV-19").containsAll(failedRules(report)), report::text);
  }

  @Test
  void failsRecv05ForAReceiverThatAcknowledgesAFinAcrossAGap() {
    VerificationReport report = run(BrokenReceivers.AcknowledgesAnEarlyFin.class);
    assertNamesRuleAndStep(failure(report, "RECV-05"),
        "send().ackno() = \"ISN+3\" *****\n  should have been \"ISN+3\", but was \"ISN+4\"");
  }

  @Test
  void failsRecv11ForAReceiverThatShrinksTheWindowForHeldBytes() {
    VerificationReport report = run(BrokenReceivers.ShrinksTheWindowForHeldBytes.class);
    assertNamesRuleAndStep(failure(report, "RECV-11"),
        "should have been \"ackno=ISN+1 (9001) window=100\", but was"
            + " \"ackno=ISN+1 (9001) window=70\"");
  }

  @Test
  void failsRecv14ForAReceiverThatAsksForWindowUpdatesItHoldsBack() {
    VerificationReport report = run(BrokenReceivers.EmptyWindowUpdates.class);
    assertNamesRuleAndStep(failure(report, "RECV-14"),
        "a window update was asked for only if the right edge moved (from 1001 to 1001)");
    assertEquals(Set.of("RECV-14"), failedRules(report), report::text);
  }

  @Test
  void failsRecv18ForAReceiverWhoseSecondSendDiffersFromItsFirst() {
    VerificationReport report = run(BrokenReceivers.LagsACallBehind.class);
    assertNamesRuleAndStep(failure(report, "RECV-18"),
        "send() again = \"ackno=ISN+1001 (705) window=0\" *****\n"
            + "  should have been \"ackno=ISN+1001 (705) window=0\", but was"
            + " \"ackno=ISN+1001 (705) window=540\"");
  }

  @Test
  void failsRecv20ForAReceiverThatListsTheOldestSackBlockFirst() {
    VerificationReport report = run(BrokenReceivers.OldestSackBlockFirst.class);
    assertNamesRuleAndStep(failure(report, "RECV-20"),
        "should have been \"[ISN+21, ISN+24)\", but was \"[ISN+11, ISN+16)\"");
    assertEquals(Set.of("RECV-20"), failedRules(report), report::text);
  }

  @Test
  void failsRecv21ForAReceiverThatReportsADuplicateInEveryAck() {
    VerificationReport report = run(BrokenReceivers.ReportsADuplicateForever.class);
    assertNamesRuleAndStep(failure(report, "RECV-21"),
        "should have been \"none\", but was \"[ISN+3, ISN+7)\"");
    assertEquals(Set.of("RECV-21", "RECV-22"), failedRules(report), report::text);
  }

  @Test
  void failsRecv23ForAReceiverThatCountsTheUrgentPointersByteAsUrgent() {
    VerificationReport report = run(BrokenReceivers.UrgentPointerAtTheLastUrgentByte.class);
    assertNamesRuleAndStep(failure(report, "RECV-23"),
        "should have been 3, but was 4");
    assertEquals(Set.of("RECV-23"), failedRules(report), report::text);
  }
}
