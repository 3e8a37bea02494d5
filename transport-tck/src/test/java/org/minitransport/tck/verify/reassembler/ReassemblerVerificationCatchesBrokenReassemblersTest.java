package org.minitransport.tck.verify.reassembler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tck.verify.SuiteRuns.assertNamesRuleAndStep;
import static org.minitransport.tck.verify.SuiteRuns.failedRules;
import static org.minitransport.tck.verify.SuiteRuns.failure;
import static org.minitransport.tck.verify.SuiteRuns.run;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minitransport.tck.verify.RuleResult;
import org.minitransport.tck.verify.VerificationReport;

/**
 * {@link ReassemblerVerification}, run through the JUnit Platform launcher against deliberately
 * broken reassemblers ({@link BrokenReassemblers}), fails the rule each breaks with a transcript
 * naming the step; against the reference it passes every rule.
 */
class ReassemblerVerificationCatchesBrokenReassemblersTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(SortedRunReassemblerVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(17, report.maxScore(), report::text);
  }

  @Test
  void failsReasm07AndTheModelPropertyForAReassemblerThatDropsTheByteAtTheWindowEdge() {
    VerificationReport report = run(BrokenReassemblers.DropsTheByteAtTheWindowEdge.class);
    assertNamesRuleAndStep(failure(report, "REASM-07"),
        "bytesPending (b, c, d: indices 1-3 of window [0, 4)) = 3 *****\n"
            + "  should have been 3, but was 2");
    RuleResult property = failure(report, "REASM-16");
    assertTrue(property.output().contains("The shortest failing script found has"),
        property.output());
    assertTrue(property.output().contains("replay with -DQT_SEED="), property.output());
  }

  @Test
  void failsReasm09ForAReassemblerThatForgetsAnEarlyEnd() {
    VerificationReport report = run(BrokenReassemblers.ForgetsAnEarlyEnd.class);
    assertNamesRuleAndStep(failure(report, "REASM-09"),
        "isClosed = true *****\n  should have been true, but was false");
    assertTrue(Set.of("REASM-09", "REASM-10", "REASM-16", "REASM-17").containsAll(failedRules(report)),
        report::text);
  }

  @Test
  void failsReasm04ForAReassemblerThatCountsDuplicatesTwice() {
    VerificationReport report = run(BrokenReassemblers.CountsDuplicatesTwice.class);
    assertNamesRuleAndStep(failure(report, "REASM-04"),
        "bytesPending = 2 *****\n  should have been 2, but was 4");
  }
}
