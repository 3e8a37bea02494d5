package org.minitransport.tck.verify;

import java.util.Objects;

/**
 * The outcome of one {@link Rule} test in a verification run.
 *
 * @param ruleId the rule's id ({@code PORT-03})
 * @param cites the rule's source
 * @param hint what to check first when it fails
 * @param suite the simple name of the suite class that ran it
 * @param test the test's display name
 * @param status passed, failed, or skipped (an assumption did not hold: a tool or privilege is
 *     missing; a skipped rule counts neither for nor against the score)
 * @param output the failure's message (rule, citation, transcript, hint) or the skip reason;
 *     empty when passed
 */
public record RuleResult(
    String ruleId, String cites, String hint, String suite, String test, Status status,
    String output) {

  /** How a rule test ended. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  public RuleResult {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(cites, "cites");
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(output, "output");
  }

  /** {@code PORT-03 ephemeralPortsComeFromTheConfiguredRange (RFC 6056 §3.3.4)}. */
  public String title() {
    return ruleId + " " + test + " (" + cites + ")";
  }
}
