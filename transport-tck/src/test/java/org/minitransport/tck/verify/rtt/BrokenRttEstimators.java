package org.minitransport.tck.verify.rtt;

import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tcp.internal.Rfc6298RttEstimator;

/**
 * Deliberately broken RTT estimators, each with one mistake a student makes, and the suite
 * subclass that runs against it (nested, so Surefire does not run them; {@code
 * RttEstimatorVerificationCatchesBrokenEstimatorsTest} does, through the launcher).
 */
final class BrokenRttEstimators {

  private BrokenRttEstimators() {}

  /** The reference underneath; a mistake overrides one method. */
  private static class ForwardingEstimator implements RttEstimator {
    final Rfc6298RttEstimator inner;

    ForwardingEstimator(RtoSettings settings) {
      inner = new Rfc6298RttEstimator(settings);
    }

    @Override public void addSample(long rttNs) { inner.addSample(rttNs); }
    @Override public void backoff() { inner.backoff(); }
    @Override public long rtoNs() { return inner.rtoNs(); }
    @Override public long smoothedRttNs() { return inner.smoothedRttNs(); }
    @Override public long rttVariationNs() { return inner.rttVariationNs(); }
    @Override public void resetAfterSynTimeout() { inner.resetAfterSynTimeout(); }
  }

  /** backoff() does nothing: a dead path is retransmitted into at the same rate forever. */
  static final RttEstimatorFactory NEVER_BACKS_OFF = settings -> new ForwardingEstimator(settings) {
    @Override
    public void backoff() {}
  };

  /**
   * Updates SRTT before RTTVAR, so RTTVAR measures the distance from the new SRTT (RFC 6298 §2.3
   * says the old one).
   */
  static final RttEstimatorFactory SRTT_FIRST = SrttFirst::new;

  /** Clamps RTO to the maximum only: a fast path gets an RTO below the minimum. */
  static final RttEstimatorFactory NO_MINIMUM = settings -> new ForwardingEstimator(
      new RtoSettings(settings.initialRtoNs(), 1, settings.maxRtoNs(),
          settings.clockGranularityNs()));

  /** Computes RFC 6298 §2 with the two updates of §2.3 in the wrong order. */
  private static final class SrttFirst implements RttEstimator {
    private final RtoSettings settings;
    private boolean hasSample;
    private long srttNs;
    private long rttVarNs;
    private long rtoNs;

    SrttFirst(RtoSettings settings) {
      this.settings = settings;
      this.rtoNs = settings.initialRtoNs();
    }

    @Override
    public void addSample(long rttNs) {
      if (rttNs < 0) {
        throw new IllegalArgumentException("RTT sample " + rttNs + " ns must not be negative");
      }
      if (!hasSample) {
        srttNs = rttNs;
        rttVarNs = rttNs / 2;
        hasSample = true;
      } else {
        srttNs += (rttNs - srttNs) / 8;
        rttVarNs += (Math.abs(srttNs - rttNs) - rttVarNs) / 4;
      }
      long variance = rttVarNs > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 4 * rttVarNs;
      long sum = srttNs + Math.max(settings.clockGranularityNs(), variance);
      long rto = sum < 0 ? Long.MAX_VALUE : sum;
      rtoNs = Math.max(settings.minRtoNs(), Math.min(settings.maxRtoNs(), rto));
    }

    @Override
    public void backoff() {
      rtoNs = Math.min(settings.maxRtoNs(), 2 * rtoNs);
    }

    @Override
    public void resetAfterSynTimeout() {
      if (!hasSample) {
        rtoNs = Math.max(settings.minRtoNs(), Math.min(settings.maxRtoNs(), 3_000_000_000L));
      }
    }

    @Override
    public long rtoNs() {
      return rtoNs;
    }

    @Override
    public long smoothedRttNs() {
      return srttNs;
    }

    @Override
    public long rttVariationNs() {
      return rttVarNs;
    }
  }

  static final class NeverBacksOff extends RttEstimatorVerification {
    @Override
    protected RttEstimatorFactory factory() {
      return NEVER_BACKS_OFF;
    }
  }

  static final class SrttBeforeRttvar extends RttEstimatorVerification {
    @Override
    protected RttEstimatorFactory factory() {
      return SRTT_FIRST;
    }
  }

  static final class NoMinimumRto extends RttEstimatorVerification {
    @Override
    protected RttEstimatorFactory factory() {
      return NO_MINIMUM;
    }
  }
}
