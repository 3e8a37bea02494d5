package org.minitransport.tck.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Test support: runs a suite class through the JUnit Platform launcher (as the grader does) and
 * checks what its report says about a rule.
 */
public final class SuiteRuns {

  private SuiteRuns() {}

  /** Runs {@code suite} through the launcher. */
  public static VerificationReport run(Class<?> suite) {
    return VerificationRun.run(suite.getSimpleName(), List.of(suite));
  }

  /** The ids of the rules that failed. */
  public static Set<String> failedRules(VerificationReport report) {
    return report.failures().stream().map(RuleResult::ruleId).collect(Collectors.toSet());
  }

  /** The failure of {@code ruleId}; an assertion error with the whole report if it passed. */
  public static RuleResult failure(VerificationReport report, String ruleId) {
    return report.failures().stream().filter(r -> r.ruleId().equals(ruleId)).findFirst()
        .orElseThrow(() -> new AssertionError(
            ruleId + " did not fail; the report was:\n" + report.text()));
  }

  /**
   * Asserts that the failure's output starts with the rule id and citation, shows the failed
   * step of the transcript containing {@code step}, and ends with the hint.
   */
  public static void assertNamesRuleAndStep(RuleResult failed, String step) {
    String output = failed.output();
    assertTrue(output.startsWith("Rule " + failed.ruleId() + " failed (" + failed.cites() + ")"),
        output);
    assertTrue(output.contains("***** Unsuccessful"), output);
    assertTrue(output.contains(step), "should name the step \"" + step + "\":\n" + output);
    assertTrue(output.contains("Hint: " + failed.hint()), output);
  }
}
