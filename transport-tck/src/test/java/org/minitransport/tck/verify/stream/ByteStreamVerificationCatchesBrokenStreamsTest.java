package org.minitransport.tck.verify.stream;

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
 * {@link ByteStreamVerification}, run through the JUnit Platform launcher against deliberately
 * broken streams ({@link BrokenByteStreams}), fails the rule each breaks with a transcript naming
 * the step; against the reference it passes every rule.
 */
class ByteStreamVerificationCatchesBrokenStreamsTest {

  @Test
  void passesEveryRuleOnTheReference() {
    VerificationReport report = run(ChunkedByteStreamVerificationTest.class);
    assertTrue(report.allPassed(), report::text);
    assertEquals(13, report.maxScore(), report::text);
  }

  @Test
  void failsBs06AndTheModelPropertyForAStreamFinishedWhileBytesAreBuffered() {
    VerificationReport report = run(BrokenByteStreams.FinishedWhenClosed.class);
    assertNamesRuleAndStep(failure(report, "BS-06"),
        "reader().isFinished() (closed, 2 bytes buffered) = false *****\n"
            + "  should have been false, but was true");
    RuleResult property = failure(report, "BS-13");
    assertTrue(property.output().contains("The shortest failing script found has"),
        property.output());
    assertTrue(Set.of("BS-06", "BS-13").containsAll(failedRules(report)), report::text);
  }

  @Test
  void failsBs02ForAStreamWhosePopsNeverFreeRoom() {
    VerificationReport report = run(BrokenByteStreams.RoomNeverFreed.class);
    assertNamesRuleAndStep(failure(report, "BS-02"),
        "writer().availableCapacity() = 2 *****\n  should have been 2, but was 0");
    assertTrue(failedRules(report).contains("BS-13"), report::text);
  }

  @Test
  void failsBs08ForAnErrorSeenThroughOneViewOnly() {
    VerificationReport report = run(BrokenByteStreams.ErrorOnOneView.class);
    assertNamesRuleAndStep(failure(report, "BS-08"),
        "writer().hasError() = true *****\n  should have been true, but was false");
    assertEquals(Set.of("BS-08"), failedRules(report), report::text);
  }
}
