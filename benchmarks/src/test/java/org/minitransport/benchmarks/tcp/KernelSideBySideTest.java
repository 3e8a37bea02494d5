package org.minitransport.benchmarks.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The runner's statistics and options, which the README's timeout figures rest on. */
class KernelSideBySideTest {

  /**
   * Exact 95 % intervals for a Poisson count k (Garwood, from the chi-square quantiles):
   * k = 1: [0.0253, 5.572]; k = 10: [4.795, 18.39]; k = 40: [28.58, 54.47].
   */
  @Test
  void poissonIntervalIsWithinAFewPercentOfTheExactOne() {
    assertArrayEquals(new double[] {0, 3.689}, KernelSideBySide.poissonInterval95(0), 1e-3);
    double[][] exact = {{1, 0.0253, 5.572}, {10, 4.795, 18.39}, {40, 28.58, 54.47}};
    for (double[] e : exact) {
      double[] interval = KernelSideBySide.poissonInterval95((long) e[0]);
      assertTrue(interval[0] <= e[0] && e[0] <= interval[1], "k lies inside its interval");
      assertEquals(e[2], interval[1], 0.02 * e[2], "upper bound for k = " + e[0]);
      if (e[0] >= 10) {
        assertEquals(e[1], interval[0], 0.02 * e[1], "lower bound for k = " + e[0]);
      } else {
        assertTrue(interval[0] < 0.05, "lower bound for k = 1 is near 0: " + interval[0]);
      }
    }
  }

  @Test
  void lossRatesAreGivenInPercentAndBadOnesAreNamed() {
    assertArrayEquals(new double[] {0.01, 0.05}, KernelSideBySide.lossRates("1, 5"), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelSideBySide.lossRates("1,100"));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
  }

  @Test
  void aLossRateBetweenRowsTakesTheBytesOfTheRowBelowIt() {
    assertEquals(8, KernelSideBySide.mibPerRow(0.01));
    assertEquals(4, KernelSideBySide.mibPerRow(0.03));
    assertEquals(2, KernelSideBySide.mibPerRow(0.05));
  }
}
