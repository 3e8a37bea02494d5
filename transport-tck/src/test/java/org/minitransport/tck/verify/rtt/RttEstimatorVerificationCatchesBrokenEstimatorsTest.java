package org.minitransport.tck.verify.rtt;

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
 * {@link RttEstimatorVerification}, run through the JUnit Platform launcher against deliberately
 * broken estimators ({@link BrokenRttEstimators}), fails the rule each breaks with a transcript
 * naming the step; against the reference it passes every rule.
 */
class RttEstimatorVerificationCatchesBrokenEstimatorsTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(Rfc6298RttEstimatorVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(12, report.maxScore(), report::text);
  }

  @Test
  void failsRtt07ForAnEstimatorThatNeverBacksOff() {
    VerificationReport report = run(BrokenRttEstimators.NeverBacksOff.class);
    assertNamesRuleAndStep(failure(report, "RTT-07"),
        "rtoNs() = \"2000 ms\" *****\n  should have been \"2000 ms\", but was \"1000 ms\"");
    RuleResult property = failure(report, "RTT-11");
    assertTrue(property.output().contains("The shortest failing script found has 1 operations"),
        property.output());
    assertTrue(Set.of("RTT-07", "RTT-08", "RTT-11", "RTT-12").containsAll(failedRules(report)),
        report::text);
  }

  @Test
  void failsRtt03ForAnEstimatorThatUpdatesSrttBeforeRttvar() {
    VerificationReport report = run(BrokenRttEstimators.SrttBeforeRttvar.class);
    assertNamesRuleAndStep(failure(report, "RTT-03"),
        "should have been \"62.5 ms\", but was \"59.375 ms\"");
    assertTrue(Set.of("RTT-03", "RTT-11").containsAll(failedRules(report)), report::text);
  }

  @Test
  void failsRtt05ForAnEstimatorWithoutTheMinimumRto() {
    VerificationReport report = run(BrokenRttEstimators.NoMinimumRto.class);
    assertNamesRuleAndStep(failure(report, "RTT-05"),
        "should have been \"1000 ms\", but was \"300 ms\"");
  }
}
