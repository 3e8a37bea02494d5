package org.minitransport.testkit;

/**
 * How many examples the property tests run, from one knob: {@code -Dminitransport.examples=N}.
 * Each property states its count for the default N = {@value #BASELINE}; every count scales by
 * N / {@value #BASELINE}, so {@code -Dminitransport.examples=20000} makes a run ten times as
 * thorough and {@code -Dminitransport.examples=200} ten times as quick. The soak profile ({@code
 * -Psoak}, which sets {@code -Dminitransport.soak=true}) makes the default N {@value #SOAK}.
 */
public final class ExampleCounts {

  /** The system property that scales every example count. */
  public static final String PROPERTY = "minitransport.examples";

  /** The value of {@link #PROPERTY} at which each property runs its stated count. */
  public static final int BASELINE = 2_000;

  /** The knob's default under {@code -Psoak}: ten times the stated counts. */
  public static final int SOAK = 20_000;

  private ExampleCounts() {}

  /**
   * The knob: {@code -Dminitransport.examples} if set, else {@value #SOAK} in a soak run, else
   * {@value #BASELINE}.
   *
   * @throws IllegalArgumentException if the property is set but not a positive integer
   */
  public static long knob() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return Boolean.getBoolean("minitransport.soak") ? SOAK : BASELINE;
    }
    long n;
    try {
      n = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + "=" + value + " is not a whole number of examples", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " must be at least 1");
    }
    return n;
  }

  /**
   * {@code countAtBaseline} scaled by the knob, at least 1.
   *
   * @throws IllegalArgumentException if the property is set but not a positive integer
   */
  public static int scaled(int countAtBaseline) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, countAtBaseline * knob() / BASELINE));
  }
}
