package org.minitransport.tck.verify.congestion;

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
 * {@link CongestionControlVerification}, run through the JUnit Platform launcher against
 * deliberately broken controllers ({@link BrokenCongestionControls}), fails the rule each breaks
 * with a transcript naming the step; against the reference (Reno and CUBIC growth) it passes every
 * rule that applies and skips the other growth's.
 */
class CongestionControlVerificationCatchesBrokenControllersTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport reno = run(NewRenoVerificationTest.class);
    assertTrue(reno.allPassed(), reno::text);
    assertEquals(17, reno.maxScore(), reno::text);
    assertEquals(4, reno.skipped(), "CUBIC's four rules: " + reno.text());
    VerificationReport cubic = run(CubicVerificationTest.class);
    assertTrue(cubic.allPassed(), cubic::text);
    assertEquals(19, cubic.maxScore(), cubic::text);
    assertEquals(2, cubic.skipped(), "Reno's two avoidance rules: " + cubic.text());
  }

  @Test
  void failsCc03ToCc05ForAControllerThatNeverLeavesSlowStart() {
    VerificationReport report = run(BrokenCongestionControls.NeverLeavesSlowStart.class);
    assertNamesRuleAndStep(failure(report, "CC-03"),
        "Unsuccessful expect: cwnd grew by between SMSS/2 and 1.25·SMSS");
    assertNamesRuleAndStep(failure(report, "CC-04"),
        "Unsuccessful expect: cwnd grew by at most SMSS");
    assertEquals(Set.of("CC-03", "CC-04", "CC-05"), failedRules(report), report::text);
  }

  @Test
  void failsCc06AndCc11ForAControllerWithoutMultiplicativeDecrease() {
    VerificationReport report = run(BrokenCongestionControls.NoMultiplicativeDecrease.class);
    assertNamesRuleAndStep(failure(report, "CC-06"), "Unsuccessful expect: ssthresh = 10000");
    assertNamesRuleAndStep(failure(report, "CC-11"), "Unsuccessful expect: ssthresh = 8000");
    assertTrue(failedRules(report).containsAll(Set.of("CC-06", "CC-11")), report::text);
  }

  @Test
  void failsCc14ForCubicThatCountsTimeFromCreation() {
    VerificationReport report = run(BrokenCongestionControls.CubicTimeFromCreation.class);
    assertNamesRuleAndStep(failure(report, "CC-14"),
        "Unsuccessful expect: cwnd grew by at most 20% in the first round trip");
    assertTrue(failedRules(report).contains("CC-14"), report::text);
  }

  @Test
  void failsCc21ForAControllerWhoseRecoveryEndKeepsTheRecoveryWindow() {
    VerificationReport report =
        run(BrokenCongestionControls.RecoveryEndKeepsTheRecoveryWindow.class);
    assertNamesRuleAndStep(failure(report, "CC-21"),
        "should have been 10000, but was 6000");
    assertEquals(Set.of("CC-21"), failedRules(report), report::text);
  }
}
