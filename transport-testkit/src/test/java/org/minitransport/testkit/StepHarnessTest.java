package org.minitransport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class StepHarnessTest {

  private static StepHarness<Deque<String>> script() {
    return new StepHarness<>("push and pop", new ArrayDeque<>());
  }

  @Test
  void aScriptThatHoldsRunsToTheEndAndKeepsANumberedTranscript() {
    StepHarness<Deque<String>> harness = script()
        .action("push a", d -> d.push("a"))
        .expect("size", Deque::size, 1)
        .expectThat("contains a", d -> d.contains("a"));

    assertEquals(String.format("    1. action: push a%n    2. expect: size = 1%n"
        + "    3. expect: contains a%n"), harness.transcript());
    assertEquals(1, harness.subject().size());
  }

  @Test
  void aFailedExpectationPrintsTheStepsSoFarThenShouldHaveBeenButWas() {
    AssertionError error = assertThrows(AssertionError.class, () -> script()
        .action("push a", d -> d.push("a"))
        .action("push b", d -> d.push("b"))
        .expect("size", Deque::size, 3));

    String message = error.getMessage();
    assertTrue(message.startsWith("The test \"push and pop\" failed after these steps:"), message);
    assertTrue(message.contains("  1. action: push a"), message);
    assertTrue(message.contains("  2. action: push b"), message);
    assertTrue(message.contains("***** Unsuccessful expect: size = 3 *****"), message);
    assertTrue(message.contains("should have been 3, but was 2"), message);
    assertTrue(message.indexOf("push a") < message.indexOf("push b")
        && message.indexOf("push b") < message.indexOf("Unsuccessful"), message);
    assertNull(error.getCause());
  }

  @Test
  void stringsAreQuotedSoWhitespaceIsVisible() {
    AssertionError error = assertThrows(AssertionError.class, () -> script()
        .action("push 'a '", d -> d.push("a "))
        .expect("top", Deque::peek, "a"));
    assertTrue(error.getMessage().contains("should have been \"a\", but was \"a \""),
        error.getMessage());
  }

  @Test
  void bytesAreShownAsTextWhenPrintableElseAsHex() {
    StepHarness<byte[]> text = new StepHarness<>("bytes", "hi".getBytes());
    AssertionError error = assertThrows(AssertionError.class,
        () -> text.expect("bytes", b -> b, "ho".getBytes()));
    assertTrue(error.getMessage().contains("should have been \"ho\", but was \"hi\""),
        error.getMessage());

    StepHarness<byte[]> binary = new StepHarness<>("bytes", new byte[] {0, 1, (byte) 0xff});
    error = assertThrows(AssertionError.class,
        () -> binary.expect("bytes", b -> b, new byte[] {0, 1}));
    assertTrue(error.getMessage().contains("should have been [00 01], but was [00 01 ff]"),
        error.getMessage());
  }

  @Test
  void longByteArraysAreCutAfter32BytesWithTheirLength() {
    StepHarness<byte[]> harness = new StepHarness<>("long", new byte[40]);
    AssertionError error = assertThrows(AssertionError.class,
        () -> harness.expect("bytes", b -> b, new byte[0]));
    assertTrue(error.getMessage().contains("... (40 bytes)]"), error.getMessage());
  }

  @Test
  void equalArraysCompareByContent() {
    new StepHarness<>("arrays", new byte[] {1, 2}).expect("bytes", b -> b.clone(),
        new byte[] {1, 2});
  }

  @Test
  void anActionThatThrowsFailsTheScriptKeepingTheCause() {
    AssertionError error = assertThrows(AssertionError.class, () -> script()
        .action("push a", d -> d.push("a"))
        .action("pop twice", d -> {
          d.pop();
          d.pop();
        }));
    assertTrue(error.getMessage().contains("***** Unsuccessful action: pop twice *****"),
        error.getMessage());
    assertTrue(error.getMessage().contains("threw java.util.NoSuchElementException"),
        error.getMessage());
    assertInstanceOf(NoSuchElementException.class, error.getCause());
  }

  @Test
  void aFailedConditionSaysItDidNotHold() {
    AssertionError error = assertThrows(AssertionError.class,
        () -> script().expectThat("is not empty", d -> !d.isEmpty()));
    assertTrue(error.getMessage().contains("Unsuccessful expect: is not empty"),
        error.getMessage());
    assertTrue(error.getMessage().contains("should have held, but did not"), error.getMessage());
  }

  @Test
  void expectThrowsPassesOnTheRightExceptionAndRecordsItsMessage() {
    StepHarness<Deque<String>> harness = script()
        .expectThrows("pop when empty", NoSuchElementException.class, Deque::pop);
    assertTrue(harness.transcript().contains("expect NoSuchElementException: pop when empty"),
        harness.transcript());
  }

  @Test
  void expectThrowsFailsWhenNothingOrSomethingElseIsThrown() {
    AssertionError nothing = assertThrows(AssertionError.class, () -> script()
        .expectThrows("push", IllegalStateException.class, d -> d.push("x")));
    assertTrue(nothing.getMessage().contains(
        "should have thrown IllegalStateException, but returned normally"), nothing.getMessage());

    AssertionError other = assertThrows(AssertionError.class, () -> script()
        .expectThrows("pop", IllegalStateException.class, Deque::pop));
    assertTrue(other.getMessage().contains(
        "should have thrown IllegalStateException, but threw java.util.NoSuchElementException"),
        other.getMessage());
  }

  @Test
  void anObservationThatThrowsFailsTheScript() {
    AssertionError error = assertThrows(AssertionError.class,
        () -> script().expect("top", Deque::element, "a"));
    assertTrue(error.getMessage().contains("observing it threw"), error.getMessage());
  }

  @Test
  void subjectIsTheObjectUnderTest() {
    Deque<String> deque = new ArrayDeque<>();
    assertSame(deque, new StepHarness<>("x", deque).subject());
  }
}
