package org.minitransport.tck.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.tck.verify.RuleResult.Status;

/** The report's score and its two forms, text and Gradescope's results.json. */
class VerificationReportTest {

  static RuleResult result(String id, Status status, String output) {
    return new RuleResult(id, "RFC 768", "If this fails, check it", "Suite", "test" + id, status,
        output);
  }

  final VerificationReport report = new VerificationReport("grade udp: Mine", List.of(
      result("UDP-02", Status.FAILED, "Rule UDP-02 failed (RFC 768): test\n  should have been 1"),
      result("UDP-01", Status.PASSED, ""),
      result("UDP-03", Status.SKIPPED, "skipped: tshark is not installed")));

  @Test
  void scoresOnePointPerPassedRuleOutOfTheRulesThatRan() {
    assertEquals(1, report.score());
    assertEquals(2, report.maxScore());
    assertFalse(report.allPassed());
    assertEquals("score 1/2: 1 passed, 1 failed, 1 skipped", report.summary());
  }

  @Test
  void textListsRulesInIdOrderWithFailuresIndentedBelowTheirLine() {
    assertEquals("grade udp: Mine\n"
        + "  PASS UDP-01 testUDP-01 (RFC 768)\n"
        + "  FAIL UDP-02 testUDP-02 (RFC 768)\n"
        + "        Rule UDP-02 failed (RFC 768): test\n"
        + "          should have been 1\n"
        + "  SKIP UDP-03 testUDP-03 (RFC 768)\n"
        + "        skipped: tshark is not installed\n"
        + "score 1/2: 1 passed, 1 failed, 1 skipped\n", report.text());
  }

  @Test
  void gradescopeJsonHasATestPerRuleAndASkippedRuleWorthNothing() {
    JsonObject root = JsonParser.parseString(report.gradescopeJson()).getAsJsonObject();
    assertEquals(1, root.get("score").getAsInt());
    JsonArray tests = root.getAsJsonArray("tests");
    assertEquals(3, tests.size());
    JsonObject failed = tests.get(1).getAsJsonObject();
    assertEquals("UDP-02 testUDP-02 (RFC 768)", failed.get("name").getAsString());
    assertEquals(0, failed.get("score").getAsInt());
    assertEquals(1, failed.get("max_score").getAsInt());
    assertEquals("failed", failed.get("status").getAsString());
    assertTrue(failed.get("output").getAsString().startsWith("Rule UDP-02 failed"));
    JsonObject skipped = tests.get(2).getAsJsonObject();
    assertEquals(0, skipped.get("max_score").getAsInt());
    assertFalse(skipped.has("status"));
  }

  @Test
  void aReportWithNoRulesHasNotPassed() {
    assertFalse(new VerificationReport("nothing", List.of()).allPassed());
  }
}
