package org.minitransport.tck.verify.connection;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minitransport.tck.verify.SuiteRuns.assertNamesRuleAndStep;
import static org.minitransport.tck.verify.SuiteRuns.failedRules;
import static org.minitransport.tck.verify.SuiteRuns.failure;
import static org.minitransport.tck.verify.SuiteRuns.run;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minitransport.tck.verify.VerificationReport;

/**
 * {@link TcpConnectionVerification}, run through the JUnit Platform launcher with deliberately
 * broken components plugged into the connection ({@link BrokenConnections}), fails the rule each
 * breaks with a transcript naming the step. (The reference passes: {@link
 * ReferenceConnectionVerificationTest} and {@link PluggedSenderConnectionVerificationTest}.)
 */
class TcpConnectionVerificationCatchesBrokenComponentsTest {

  @Test
  void failsConn01ForASenderThatForgetsTheFin() {
    VerificationReport report = run(BrokenConnections.ForgetsTheFin.class);
    assertNamesRuleAndStep(failure(report, "CONN-01"),
        "should have been \"FIN|ACK seq=6 ack=6\", but was");
    assertTrue(failedRules(report).containsAll(Set.of("CONN-01", "CONN-02", "CONN-03",
        "CONN-12")), report::text);
  }

  @Test
  void failsConn08ForAnEstimatorThatNeverBacksOff() {
    VerificationReport report = run(BrokenConnections.NeverBacksOff.class);
    assertNamesRuleAndStep(failure(report, "CONN-08"),
        "Unsuccessful expect: timer (RTO doubled to 400 ms)");
    assertTrue(failedRules(report).contains("CONN-08"), report::text);
  }
}
