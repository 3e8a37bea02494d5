package org.minitransport.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A test written as a script of actions and expectations on one subject, executed as it is
 * written. When a step fails, the error is a transcript a student can read: every step so far,
 * then the step that failed, as "should have been X, but was Y" (after the CS144 Minnow test
 * harness).
 *
 * <pre>{@code
 * new StepHarness<>("push then pop", new ByteStream(15))
 *     .action("push \"hello\"", s -> s.push(bytes("hello")))
 *     .expect("bytes buffered", ByteStream::bytesBuffered, 5L)
 *     .action("pop 2", s -> s.pop(2))
 *     .expect("bytes buffered", ByteStream::bytesBuffered, 3L);
 * }</pre>
 *
 * @param <T> the thing under test
 */
public final class StepHarness<T> {

  private final String testName;
  private final T subject;
  private final List<String> transcript = new ArrayList<>();

  public StepHarness(String testName, T subject) {
    this.testName = Objects.requireNonNull(testName, "testName");
    this.subject = Objects.requireNonNull(subject, "subject");
  }

  /** The subject, for steps that need it directly. */
  public T subject() {
    return subject;
  }

  /** Performs an action; an exception it throws fails the test with the transcript. */
  public StepHarness<T> action(String description, Consumer<? super T> action) {
    String step = "action: " + description;
    try {
      action.accept(subject);
    } catch (RuntimeException e) {
      throw failure(step, "threw " + e, e);
    }
    transcript.add(step);
    return this;
  }

  /** Expects {@code observe(subject)} to equal {@code expected}. */
  public <V> StepHarness<T> expect(String description, Function<? super T, V> observe, V expected) {
    String step = "expect: " + description + " = " + render(expected);
    V actual;
    try {
      actual = observe.apply(subject);
    } catch (RuntimeException e) {
      throw failure(step, "observing it threw " + e, e);
    }
    if (!Objects.deepEquals(actual, expected)) {
      throw failure(step, "should have been " + render(expected) + ", but was " + render(actual),
          null);
    }
    transcript.add(step);
    return this;
  }

  /** Expects {@code check} to hold. */
  public StepHarness<T> expectThat(String description, Predicate<? super T> check) {
    String step = "expect: " + description;
    boolean holds;
    try {
      holds = check.test(subject);
    } catch (RuntimeException e) {
      throw failure(step, "checking it threw " + e, e);
    }
    if (!holds) {
      throw failure(step, "should have held, but did not", null);
    }
    transcript.add(step);
    return this;
  }

  /** Expects {@code action} to throw an exception of type {@code expected}. */
  public StepHarness<T> expectThrows(
      String description, Class<? extends Throwable> expected, Consumer<? super T> action) {
    String step = "expect " + expected.getSimpleName() + ": " + description;
    try {
      action.accept(subject);
    } catch (RuntimeException e) {
      if (!expected.isInstance(e)) {
        throw failure(step, "should have thrown " + expected.getSimpleName() + ", but threw " + e, e);
      }
      transcript.add(step + " (threw: " + e.getMessage() + ")");
      return this;
    }
    throw failure(step, "should have thrown " + expected.getSimpleName() + ", but returned normally",
        null);
  }

  /** The steps that succeeded so far, numbered. */
  public String transcript() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < transcript.size(); i++) {
      out.append(String.format("  %3d. %s%n", i + 1, transcript.get(i)));
    }
    return out.toString();
  }

  private AssertionError failure(String step, String problem, Throwable cause) {
    String message = "The test \"" + testName + "\" failed after these steps:\n" + transcript()
        + "  ***** Unsuccessful " + step + " *****\n  " + problem + "\n";
    AssertionError error = new AssertionError(message);
    if (cause != null) {
      error.initCause(cause);
    }
    return error;
  }

  private static String render(Object value) {
    if (value instanceof byte[] bytes) {
      return renderBytes(bytes);
    }
    if (value instanceof String text) {
      return "\"" + text + "\"";
    }
    return String.valueOf(value);
  }

  private static String renderBytes(byte[] bytes) {
    boolean printable = true;
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        printable = false;
        break;
      }
    }
    if (printable) {
      return "\"" + new String(bytes, java.nio.charset.StandardCharsets.US_ASCII) + "\"";
    }
    StringBuilder hex = new StringBuilder("[");
    int shown = Math.min(bytes.length, 32);
    for (int i = 0; i < shown; i++) {
      hex.append(String.format("%02x", bytes[i]));
      if (i + 1 < shown) {
        hex.append(' ');
      }
    }
    if (bytes.length > shown) {
      hex.append(" ... (").append(bytes.length).append(" bytes)");
    }
    return hex.append(']').toString();
  }
}
