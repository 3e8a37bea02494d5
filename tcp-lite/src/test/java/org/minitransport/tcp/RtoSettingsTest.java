package org.minitransport.tcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.minitransport.tcp.RtoSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Expected values are worked by hand from the formulas of RFC 6298 §2. */
class RttEstimatorTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000 * MS;

  /** Linux-like floor so that the RFC arithmetic is visible below 1 s. */
  private static Rfc6298RttEstimator linuxLike() {
    return new Rfc6298RttEstimator(RtoSettings.rfc6298().withMinRto(Duration.ofMillis(200)));
  }

  @Nested
  class BeforeAnySample {

    @Test
    void usesTheInitialRtoOfOneSecond() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      assertEquals(1 * S, rtt.rtoNs());
      assertEquals(0, rtt.smoothedRttNs());
      assertEquals(0, rtt.smoothedRttNs());
    }

    @Test
    void usesAConfiguredInitialRto() {
      Rfc6298RttEstimator rtt =
          new Rfc6298RttEstimator(RtoSettings.rfc6298().withInitialRto(Duration.ofSeconds(3)));
      assertEquals(3 * S, rtt.rtoNs());
    }
  }

  @Nested
  class Samples {

    @Test
    void firstSampleSetsSrttToRAndRttvarToHalfR() {
      Rfc6298RttEstimator rtt = linuxLike();
      rtt.addSample(100 * MS);
      assertEquals(100 * MS, rtt.smoothedRttNs());
      assertEquals(50 * MS, rtt.rttVariationNs());
      // RTO = 100 + max(1, 4 * 50) = 300 ms
      assertEquals(300 * MS, rtt.rtoNs());
    }

    @Test
    void laterSamplesUseTheOldSrttForRttvarThenUpdateSrtt() {
      Rfc6298RttEstimator rtt = linuxLike();
      rtt.addSample(100 * MS);
      rtt.addSample(200 * MS);
      // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5 ms; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5 ms
      assertEquals(62_500_000L, rtt.rttVariationNs());
      assertEquals(112_500_000L, rtt.smoothedRttNs());
      // RTO = 112.5 + 4 * 62.5 = 362.5 ms
      assertEquals(362_500_000L, rtt.rtoNs());
      rtt.addSample(80 * MS);
      // RTTVAR = 3/4 * 62.5 + 1/4 * |112.5 - 80| = 55 ms; SRTT = 7/8 * 112.5 + 1/8 * 80 = 108.4375
      assertEquals(55 * MS, rtt.rttVariationNs());
      assertEquals(108_437_500L, rtt.smoothedRttNs());
      assertEquals(328_437_500L, rtt.rtoNs());
    }

    @Test
    void clampsToTheRfcMinimumOfOneSecondByDefault() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      rtt.addSample(100 * MS);
      assertEquals(1 * S, rtt.rtoNs());
      assertEquals(100 * MS, rtt.smoothedRttNs());
    }

    @Test
    void clockGranularityBoundsTheVarianceTerm() {
      Rfc6298RttEstimator rtt =
          new Rfc6298RttEstimator(
              RtoSettings.rfc6298()
                  .withMinRto(Duration.ofMillis(1))
                  .withClockGranularity(Duration.ofMillis(100)));
      rtt.addSample(10 * MS);
      // RTO = 10 + max(G = 100, 4 * 5 = 20) = 110 ms
      assertEquals(110 * MS, rtt.rtoNs());
    }

    @Test
    void aZeroSampleGivesTheFloor() {
      Rfc6298RttEstimator rtt = linuxLike();
      rtt.addSample(0);
      assertEquals(200 * MS, rtt.rtoNs());
    }

    @Test
    void clampsToTheMaximum() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      rtt.addSample(50 * S);
      // 50 + 4 * 25 = 150 s, capped at 60 s
      assertEquals(60 * S, rtt.rtoNs());
    }

    @Test
    void survivesAnAbsurdlyLargeSample() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      rtt.addSample(Long.MAX_VALUE);
      rtt.addSample(Long.MAX_VALUE / 3);
      assertEquals(60 * S, rtt.rtoNs());
      assertTrue(rtt.smoothedRttNs() > 0);
    }

    @Test
    void rejectsANegativeSample() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> rtt.addSample(-7));
      assertTrue(e.getMessage().contains("-7"), e.getMessage());
    }
  }

  @Nested
  class Backoff {

    @Test
    void doublesUpToTheMaximum() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      long[] expectedSeconds = {2, 4, 8, 16, 32, 60, 60};
      for (long expected : expectedSeconds) {
        rtt.backoff();
        assertEquals(expected * S, rtt.rtoNs());
      }
    }

    @Test
    void aNewSampleRecomputesTheRto() {
      Rfc6298RttEstimator rtt = linuxLike();
      rtt.addSample(100 * MS);
      rtt.backoff();
      rtt.backoff();
      assertEquals(1200 * MS, rtt.rtoNs());
      rtt.addSample(100 * MS);
      // RTTVAR = 3/4 * 50 + 0 = 37.5 ms; SRTT = 100 ms; RTO = 100 + 150 = 250 ms
      assertEquals(250 * MS, rtt.rtoNs());
    }
  }

  @Nested
  class SynTimeout {

    @Test
    void resetsToThreeSecondsWhenDataStartsAfterABackedOffSyn() {
      Rfc6298RttEstimator rtt = new Rfc6298RttEstimator();
      rtt.backoff();
      rtt.backoff();
      rtt.resetAfterSynTimeout();
      assertEquals(3 * S, rtt.rtoNs());
    }

    @Test
    void keepsTheMeasuredRtoOnceASampleExists() {
      Rfc6298RttEstimator rtt = linuxLike();
      rtt.addSample(100 * MS);
      rtt.resetAfterSynTimeout();
      assertEquals(300 * MS, rtt.rtoNs());
    }
  }

  @Nested
  class SettingsValidation {

    @Test
    void rejectsAnInitialRtoOutsideTheBounds() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new RtoSettings(100 * MS, 200 * MS, 60 * S, MS));
      assertTrue(e.getMessage().contains("100000000"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> RtoSettings.rfc6298().withMaxRto(Duration.ofMillis(500)));
    }

    @Test
    void rejectsNonPositiveMinimumOrGranularity() {
      assertThrows(
          IllegalArgumentException.class, () -> new RtoSettings(S, 0, 60 * S, MS));
      assertThrows(
          IllegalArgumentException.class, () -> new RtoSettings(S, S, 60 * S, 0));
    }
  }
}
