package org.minitransport.tck.verify;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.minitransport.testkit.ExampleCounts;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * A property check over generated scripts: QuickTheories draws lists of {@link Operation}s, each
 * list is replayed on a fresh fixture through a {@link Script}, and a failure is shrunk by
 * QuickTheories, then stripped of every operation whose removal keeps it failing, and replayed
 * once more, so the failure message is the transcript of a short script, not a seed.
 *
 * <pre>{@code
 * ScriptProperty.of("binds and lookups agree with the model", Fixture::new, operations())
 *     .length(1, 30)
 *     .examples(200)
 *     .check();
 * }</pre>
 *
 * <p>The seed is printed with the failure; {@code -DQT_SEED=N} replays it. Example counts scale
 * with {@code -Dminitransport.examples} ({@link ExampleCounts}).
 *
 * @param <F> the fixture type
 */
public final class ScriptProperty<F> {

  /** The system property QuickTheories uses for its seed, honoured here for replay. */
  public static final String SEED_PROPERTY = "QT_SEED";

  private static final SecureRandom FRESH = new SecureRandom();
  /**
   * QuickTheories' budget for simplifying the operations of a failing script (each cycle replays
   * it); the length is cut afterwards by {@link #withoutNeedlessSteps}, so a few thousand cycles
   * do what its default million did, in a fraction of the time.
   */
  private static final int SHRINK_CYCLES = 2_000;
  /** A bound on the replays spent removing needless operations from a failing script. */
  private static final int MAX_MINIMIZING_REPLAYS = 2_000;

  private final String name;
  private final Supplier<F> fixture;
  private final Gen<Operation<F>> operations;
  private int minLength = 1;
  private int maxLength = 20;
  private int examplesAtBaseline = 200;

  private ScriptProperty(String name, Supplier<F> fixture, Gen<Operation<F>> operations) {
    this.name = Objects.requireNonNull(name, "name");
    this.fixture = Objects.requireNonNull(fixture, "fixture");
    this.operations = Objects.requireNonNull(operations, "operations");
  }

  /**
   * A property named {@code name} whose scripts run on fresh fixtures from {@code fixture} and are
   * made of operations drawn from {@code operations}.
   */
  public static <F> ScriptProperty<F> of(
      String name, Supplier<F> fixture, Gen<Operation<F>> operations) {
    return new ScriptProperty<>(name, fixture, operations);
  }

  /** Scripts of {@code min} to {@code max} operations (default 1 to 20). */
  public ScriptProperty<F> length(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("script length " + min + ".." + max + " is not a range");
    }
    this.minLength = min;
    this.maxLength = max;
    return this;
  }

  /** How many scripts to try at the baseline example count (default 200). */
  public ScriptProperty<F> examples(int atBaseline) {
    if (atBaseline < 1) {
      throw new IllegalArgumentException("examples " + atBaseline + " must be at least 1");
    }
    this.examplesAtBaseline = atBaseline;
    return this;
  }

  /**
   * Runs the property.
   *
   * @throws AssertionError with the transcript of the shortest failing script found, its length
   *     and the seed
   */
  public void check() {
    long seed = seed();
    Falsification found = new Falsification();
    qt().withFixedSeed(seed)
        .withShrinkCycles(SHRINK_CYCLES)
        .withExamples(ExampleCounts.scaled(examplesAtBaseline))
        .withReporter(found)
        .forAll(lists().of(operations).ofSizeBetween(minLength, maxLength))
        .check(this::passes);
    if (found.smallest == null) {
      return;
    }
    List<Operation<F>> shortest = withoutNeedlessSteps(found.smallest);
    AssertionError replayed = replay(shortest);
    String header = "Property \"" + name + "\" failed after " + found.examples
        + " scripts (seed " + seed + ", replay with -D" + SEED_PROPERTY + "=" + seed
        + "). The shortest failing script found has " + shortest.size() + " operations"
        + " (QuickTheories shrank it to " + found.smallest.size() + "):\n";
    if (replayed == null) {
      throw new AssertionError(header + "  " + shortest
          + "\n  (it passed when replayed: the component is not deterministic)");
    }
    AssertionError failure = new AssertionError(header + replayed.getMessage());
    failure.initCause(replayed.getCause());
    throw failure;
  }

  /**
   * Removes every operation the failure does not need: chunks of half the script, then of a
   * quarter, and so on down to single operations, keeping each removal after which the script
   * still fails (delta debugging, simplified), until no single operation can go. QuickTheories
   * shrinks a list's length and its elements, but often keeps steps that do not matter, and a
   * student reads every one of them; removing chunks first keeps this to tens of replays for a
   * script of a hundred operations.
   */
  private List<Operation<F>> withoutNeedlessSteps(List<Operation<F>> failing) {
    List<Operation<F>> script = new ArrayList<>(failing);
    int replaysLeft = MAX_MINIMIZING_REPLAYS;
    int chunk = Math.max(1, script.size() / 2);
    while (replaysLeft > 0 && script.size() > 1) {
      boolean removed = false;
      for (int from = 0; from < script.size() && script.size() > 1 && replaysLeft > 0; ) {
        List<Operation<F>> shorter = new ArrayList<>(script);
        shorter.subList(from, Math.min(from + chunk, shorter.size())).clear();
        replaysLeft--;
        if (!shorter.isEmpty() && !passes(shorter)) {
          script = shorter;
          removed = true;
        } else {
          from += chunk;
        }
      }
      if (!removed) {
        if (chunk == 1) {
          break;
        }
        chunk /= 2;
      }
    }
    return script;
  }

  private boolean passes(List<Operation<F>> script) {
    return replay(script) == null;
  }

  /** Runs {@code script} on a fresh fixture; the failure, or null if it passed. */
  private AssertionError replay(List<Operation<F>> script) {
    Script<F> run = Script.of(name, fixture.get());
    try {
      for (Operation<F> operation : script) {
        operation.run(run);
      }
      return null;
    } catch (AssertionError e) {
      return e;
    } catch (RuntimeException e) {
      AssertionError error = new AssertionError(
          "The script threw " + e + " outside any step, after these steps:\n" + run.transcript());
      error.initCause(e);
      return error;
    }
  }

  private static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      try {
        return Long.parseLong(fixed.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-D" + SEED_PROPERTY + "=" + fixed + " is not a decimal long seed", e);
      }
    }
    return FRESH.nextLong();
  }

  /** Keeps QuickTheories' smallest falsifying script instead of throwing its own report. */
  private final class Falsification implements Reporter {
    List<Operation<F>> smallest;
    int examples;

    @Override
    public void falisification(long seed, int examplesUsed, Object smallestFound,
        Throwable cause, List<Object> others, AsString<Object> toString) {
      record(examplesUsed, smallestFound);
    }

    @Override
    public void falisification(long seed, int examplesUsed, Object smallestFound,
        List<Object> others, AsString<Object> toString) {
      record(examplesUsed, smallestFound);
    }

    @Override
    public void valuesExhausted(int examplesUsed) {}

    @SuppressWarnings("unchecked")
    private void record(int examplesUsed, Object smallestFound) {
      examples = examplesUsed;
      smallest = (List<Operation<F>>) smallestFound;
    }
  }
}
