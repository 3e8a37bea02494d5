package org.minitransport.tck.verify;

import java.util.Objects;

/**
 * A failed rule: the failure of a {@link Rule} test, its message carrying the rule id, the
 * citation, the transcript of the steps up to the one that failed, and the hint. Thrown by {@link
 * RuleExtension} in place of the test's own failure (which becomes the cause).
 */
public final class RuleViolation extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final String ruleId;
  private final String cites;
  private final String hint;
  private final String transcript;

  /**
   * @param rule the rule that failed
   * @param testName the test's display name
   * @param failure what the test threw; its message is the transcript
   */
  public RuleViolation(Rule rule, String testName, Throwable failure) {
    super(format(rule, testName, failure), failure);
    this.ruleId = rule.id();
    this.cites = rule.cites();
    this.hint = rule.hint();
    this.transcript = describe(failure);
  }

  /** The id of the rule that failed. */
  public String ruleId() {
    return ruleId;
  }

  /** Where the rule comes from. */
  public String cites() {
    return cites;
  }

  /** What to check first. */
  public String hint() {
    return hint;
  }

  /** The test's own failure message: the transcript of the steps. */
  public String transcript() {
    return transcript;
  }

  private static String format(Rule rule, String testName, Throwable failure) {
    Objects.requireNonNull(rule, "rule");
    return "Rule " + rule.id() + " failed (" + rule.cites() + "): " + testName + "\n"
        + describe(failure).stripTrailing() + "\n  Hint: " + rule.hint() + "\n";
  }

  private static String describe(Throwable failure) {
    if (failure instanceof AssertionError && failure.getMessage() != null) {
      return failure.getMessage();
    }
    return "The test threw " + failure;
  }
}
