package org.minitransport.testkit;

import java.security.SecureRandom;

/**
 * Seeds for simulation tests that are not QuickTheories properties (QuickTheories prints and
 * replays its own seed: {@code -DQT_SEED=N}). A run takes its seed from the system property
 * {@code minitransport.seed} when set (replay), else draws a fresh one; {@link #run} reports the
 * seed in the failure message so any failure can be replayed with {@code
 * -Dminitransport.seed=N}.
 */
public final class Seeds {

  /** The system property that fixes the seed of every seeded run, for replay. */
  public static final String PROPERTY = "minitransport.seed";

  private static final SecureRandom FRESH = new SecureRandom();

  private Seeds() {}

  /** The replay seed if {@code -Dminitransport.seed} is set, else a fresh random seed. */
  public static long pick() {
    String fixed = System.getProperty(PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      try {
        return Long.parseLong(fixed.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-D" + PROPERTY + "=" + fixed + " is not a decimal long seed", e);
      }
    }
    return FRESH.nextLong();
  }

  /** A body that receives its seed. */
  @FunctionalInterface
  public interface SeededBody {
    void run(long seed) throws Exception;
  }

  /**
   * Runs {@code body} with a picked seed; any failure is rethrown as an {@link AssertionError}
   * whose message names the seed and the replay flag.
   */
  public static void run(SeededBody body) {
    run(pick(), body);
  }

  /** Runs {@code body} with the given seed; failures name the seed. */
  public static void run(long seed, SeededBody body) {
    try {
      body.run(seed);
    } catch (Exception | AssertionError e) {
      throw new AssertionError(
          "failed with seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + "): " + e, e);
    }
  }
}
