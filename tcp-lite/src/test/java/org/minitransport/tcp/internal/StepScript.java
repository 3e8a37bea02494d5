package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Minnow-style test script: a list of actions and expectations run against one subject. When a
 * step fails, the failure message is a transcript a student can read: every step that passed,
 * then the failing one as "should have been X, but was Y" (or the exception it threw).
 *
 * @param <T> the object under test
 */
final class StepScript<T> {

  private final String title;
  private final T subject;
  private final List<String> passed = new ArrayList<>();

  private StepScript(String title, T subject) {
    this.title = title;
    this.subject = subject;
  }

  static <T> StepScript<T> of(String title, T subject) {
    return new StepScript<>(title, subject);
  }

  /** Runs {@code action}; if it throws, fails with the transcript. */
  StepScript<T> act(String description, Consumer<T> action) {
    try {
      action.accept(subject);
    } catch (RuntimeException e) {
      failWith("Action: " + description, "threw " + e, e);
    }
    passed.add("Action:      " + description);
    return this;
  }

  /** Checks that {@code observe} yields {@code expected}. */
  <V> StepScript<T> expect(String what, Function<T, V> observe, V expected) {
    V actual;
    try {
      actual = observe.apply(subject);
    } catch (RuntimeException e) {
      failWith("Expectation: " + what + " = " + expected, "threw " + e, e);
      return this;
    }
    if (!Objects.equals(expected, actual)) {
      failWith(
          "Expectation: " + what,
          "should have been " + expected + ", but was " + actual,
          null);
    }
    passed.add("Expectation: " + what + " = " + expected);
    return this;
  }

  /** Checks that {@code action} throws {@code type}. */
  StepScript<T> expectThrows(
      String description, Class<? extends RuntimeException> type, Consumer<T> action) {
    try {
      action.accept(subject);
    } catch (RuntimeException e) {
      if (type.isInstance(e)) {
        passed.add("Misuse:      " + description + " throws " + type.getSimpleName());
        return this;
      }
      failWith(
          "Misuse: " + description,
          "should have thrown " + type.getSimpleName() + ", but threw " + e,
          e);
    }
    failWith(
        "Misuse: " + description,
        "should have thrown " + type.getSimpleName() + ", but returned normally",
        null);
    return this;
  }

  private void failWith(String step, String problem, Throwable cause) {
    StringBuilder transcript = new StringBuilder(title).append(" failed.\nSteps that passed:\n");
    for (String p : passed) {
      transcript.append("  ").append(p).append('\n');
    }
    transcript.append("Then:\n  ").append(step).append("\n  ").append(problem).append('\n');
    transcript.append("Subject: ").append(subject);
    fail(transcript.toString(), cause);
  }
}
