package org.minitransport.tck.verify;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The results of one verification run, rule by rule, with a score: one point per rule test that
 * passed, out of the rule tests that ran (skipped ones count neither way). Two forms: {@link
 * #text()} for a terminal and {@link #gradescopeJson()} for Gradescope's autograder ({@code
 * results.json}).
 *
 * @param title what was verified ({@code lab port-table: com.example.MyPortTableFactory})
 * @param results every rule test, ordered by rule id then test name
 */
public record VerificationReport(String title, List<RuleResult> results) {

  public VerificationReport {
    Objects.requireNonNull(title, "title");
    results = results.stream()
        .sorted(Comparator.comparing(RuleResult::ruleId).thenComparing(RuleResult::test))
        .toList();
  }

  /** The rule tests that passed. */
  public long passed() {
    return count(RuleResult.Status.PASSED);
  }

  /** The rule tests that failed. */
  public long failed() {
    return count(RuleResult.Status.FAILED);
  }

  /** The rule tests skipped by an assumption. */
  public long skipped() {
    return count(RuleResult.Status.SKIPPED);
  }

  /** Points earned: one per passed rule test. */
  public long score() {
    return passed();
  }

  /** Points possible: one per rule test that ran. */
  public long maxScore() {
    return passed() + failed();
  }

  /** Whether every rule test that ran passed (and at least one ran). */
  public boolean allPassed() {
    return failed() == 0 && passed() > 0;
  }

  /** The failed results. */
  public List<RuleResult> failures() {
    return results.stream().filter(r -> r.status() == RuleResult.Status.FAILED).toList();
  }

  /**
   * The report for a terminal: a line per rule ({@code PASS}, {@code FAIL}, {@code SKIP}), each
   * failure's transcript and hint below its line, then the score.
   */
  public String text() {
    StringBuilder out = new StringBuilder(title).append('\n');
    for (RuleResult result : results) {
      String mark = switch (result.status()) {
        case PASSED -> "PASS";
        case FAILED -> "FAIL";
        case SKIPPED -> "SKIP";
      };
      out.append("  ").append(mark).append(' ').append(result.title()).append('\n');
      if (result.status() != RuleResult.Status.PASSED && !result.output().isBlank()) {
        result.output().stripTrailing().lines()
            .forEach(line -> out.append("        ").append(line).append('\n'));
      }
    }
    out.append(summary()).append('\n');
    return out.toString();
  }

  /** {@code score 12/14: 12 passed, 2 failed, 0 skipped}. */
  public String summary() {
    return "score " + score() + "/" + maxScore() + ": " + passed() + " passed, " + failed()
        + " failed, " + skipped() + " skipped";
  }

  /**
   * Gradescope's {@code results.json}: a top-level {@code score} and {@code output}, and one
   * entry in {@code tests} per rule test with {@code name}, {@code score}, {@code max_score},
   * {@code output} and {@code status} ({@code passed}/{@code failed}; a skipped rule has {@code
   * max_score} 0 and no status).
   */
  public String gradescopeJson() {
    JsonObject root = new JsonObject();
    root.addProperty("score", score());
    root.addProperty("output", title + ": " + summary());
    JsonArray tests = new JsonArray();
    for (RuleResult result : results) {
      JsonObject test = new JsonObject();
      test.addProperty("name", result.title());
      boolean passed = result.status() == RuleResult.Status.PASSED;
      boolean skipped = result.status() == RuleResult.Status.SKIPPED;
      test.addProperty("score", passed ? 1 : 0);
      test.addProperty("max_score", skipped ? 0 : 1);
      test.addProperty("output", result.output());
      if (!skipped) {
        test.addProperty("status", passed ? "passed" : "failed");
      }
      tests.add(test);
    }
    root.add("tests", tests);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root)
        + "\n";
  }

  private long count(RuleResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }
}
