package org.minitransport.tck.verify;

import java.util.Objects;
import org.minitransport.testkit.StepHarness;

/**
 * A verification test written as a script of actions and expectations on one subject, run as it
 * is written and recorded as a transcript (built on testkit's {@link StepHarness}). When a step
 * fails, the {@link AssertionError}'s message lists every step so far, then the failed step as
 * "should have been X, but was Y"; {@link RuleExtension} adds the rule id, citation and hint.
 * Unlike a bare {@code StepHarness}, steps may throw checked exceptions (a bind's {@code
 * BindException}), an action may return a value that later steps use, and an expected exception
 * may be required to name what it is about.
 *
 * <pre>{@code
 * Script<PortTable<Object>> s = Script.of("bind twice", factory.create(TCP, config));
 * s.act("bind 10.0.0.1:5000", t -> t.bind(endpoint("10.0.0.1:5000"), "first"));
 * s.expectThrows("bind 10.0.0.1:5000 again", BindException.class,
 *     t -> t.bind(endpoint("10.0.0.1:5000"), "second"), "10.0.0.1:5000");
 * }</pre>
 *
 * @param <T> the subject: the component under test, or a fixture holding it
 */
public final class Script<T> {

  /** A step that may throw anything. */
  @FunctionalInterface
  public interface Step<T> {
    void run(T subject) throws Exception;
  }

  /** An observation or value-returning action that may throw anything. */
  @FunctionalInterface
  public interface Probe<T, V> {
    V apply(T subject) throws Exception;
  }

  private final StepHarness<T> harness;

  private Script(StepHarness<T> harness) {
    this.harness = harness;
  }

  /** A script named {@code name} (shown in the failure message) on {@code subject}. */
  public static <T> Script<T> of(String name, T subject) {
    return new Script<>(new StepHarness<>(name, subject));
  }

  /** The subject. */
  public T subject() {
    return harness.subject();
  }

  /** Performs an action; if it throws, the script fails with the transcript. */
  public Script<T> act(String description, Step<? super T> action) {
    harness.action(description, s -> runUnchecked(action, s));
    return this;
  }

  /**
   * Performs an action that returns a value, records the value in the transcript ({@code
   * description -> value}) and returns it; if it throws, the script fails with the transcript.
   */
  public <V> V get(String description, Probe<? super T, V> action) {
    V value;
    try {
      value = action.apply(harness.subject());
    } catch (Exception e) {
      harness.action(description, s -> {
        throw new StepException(e);
      });
      throw new AssertionError("unreachable", e);
    }
    harness.action(description + " -> " + value, s -> {});
    return value;
  }

  /** Expects {@code observe(subject)} to equal {@code expected} (arrays by content). */
  public <V> Script<T> expect(String description, Probe<? super T, V> observe, V expected) {
    harness.expect(description, s -> applyUnchecked(observe, s), expected);
    return this;
  }

  /** Expects {@code check} to hold. */
  public Script<T> expectThat(String description, Probe<? super T, Boolean> check) {
    harness.expectThat(description, s -> Boolean.TRUE.equals(applyUnchecked(check, s)));
    return this;
  }

  /**
   * Expects {@code action} to throw an exception of type {@code expected} (checked or not) whose
   * message contains every one of {@code mentions} (the clear-error rule: an error names the bad
   * value).
   */
  public Script<T> expectThrows(
      String description,
      Class<? extends Throwable> expected,
      Step<? super T> action,
      String... mentions) {
    Throwable thrown = null;
    try {
      action.run(harness.subject());
    } catch (Exception e) {
      thrown = e;
    }
    String wanted = "throws " + expected.getSimpleName()
        + (mentions.length == 0 ? "" : " naming " + String.join(", ", mentions));
    String actual;
    if (thrown == null) {
      actual = "returned normally";
    } else if (!expected.isInstance(thrown)) {
      actual = "threw " + thrown;
    } else {
      String message = String.valueOf(thrown.getMessage());
      String missing = null;
      for (String mention : mentions) {
        if (!message.contains(mention)) {
          missing = mention;
          break;
        }
      }
      if (missing == null) {
        harness.expectThat(description + ": " + wanted + " (\"" + message + "\")", s -> true);
        return this;
      }
      actual = "threw " + expected.getSimpleName() + " \"" + message + "\", which does not name "
          + missing;
    }
    String outcome = actual;
    harness.expect(description, s -> outcome, wanted);
    return this;
  }

  /** The steps that succeeded so far, numbered. */
  public String transcript() {
    return harness.transcript();
  }

  private static <T> void runUnchecked(Step<? super T> step, T subject) {
    try {
      step.run(subject);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StepException(e);
    }
  }

  private static <T, V> V applyUnchecked(Probe<? super T, V> probe, T subject) {
    try {
      return probe.apply(subject);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StepException(e);
    }
  }

  /** Carries a checked exception through StepHarness, printing as the exception itself. */
  private static final class StepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepException(Exception cause) {
      super(cause);
    }

    @Override
    public String toString() {
      return getCause().toString();
    }
  }
}
