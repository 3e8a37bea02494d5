package org.minitransport.tck.verify.port;

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
 * {@link PortTableVerification}, run through the JUnit Platform launcher against deliberately
 * broken tables ({@link BrokenPortTables}), fails the rule each breaks, with a transcript naming
 * it; against the reference it passes every rule.
 */
class PortTableVerificationCatchesBrokenTablesTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(HashedPortTableVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(12, report.maxScore(), report::text);
  }

  @Test
  void failsPort01ForATableThatIgnoresPrivilege() {
    VerificationReport report = run(BrokenPortTables.IgnoresPrivilege.class);
    RuleResult failed = failure(report, "PORT-01");
    assertNamesRuleAndStep(failed, "should have been \"throws BindException naming 80\","
        + " but was \"returned normally\"");
    assertEquals(Set.of("PORT-01"), failedRules(report), report::text);
  }

  @Test
  void failsPort07AndShrinksPort12ToAShortScriptForATableThatForgetsWildcards() {
    VerificationReport report = run(BrokenPortTables.ForgetsWildcardListeners.class);
    assertNamesRuleAndStep(failure(report, "PORT-07"),
        "should have been \"wildcard\", but was null");
    RuleResult property = failure(report, "PORT-12");
    assertNamesRuleAndStep(property, "but was null");
    // Two operations show the fault: bind the wildcard, look it up.
    assertTrue(property.output().contains("The shortest failing script found has 2 operations"),
        property.output());
    assertTrue(property.output().contains("1. action: bind 0.0.0.0:"), property.output());
    assertTrue(property.output().contains("replay with -DQT_SEED="), property.output());
  }
}
