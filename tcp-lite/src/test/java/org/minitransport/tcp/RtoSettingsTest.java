package org.minitransport.tcp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RtoSettings refuses constants RFC 6298 does not allow. The estimator's arithmetic is checked
 * through the interface by transport-tck's {@code RttEstimatorVerification} (rules RTT-nn), which
 * {@code Rfc6298RttEstimatorVerificationTest} runs against the reference.
 */
class RtoSettingsTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  @Test
  void rejectsAnInitialRtoOutsideTheBounds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RtoSettings(100 * MS, 200 * MS, 60 * S, MS));
    assertTrue(e.getMessage().contains("100000000"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RtoSettings.rfc6298().withMaxRto(Duration.ofMillis(500)));
  }

  @Test
  void rejectsNonPositiveMinimumOrGranularity() {
    assertThrows(IllegalArgumentException.class, () -> new RtoSettings(S, 0, 60 * S, MS));
    assertThrows(IllegalArgumentException.class, () -> new RtoSettings(S, S, 60 * S, 0));
  }
}
