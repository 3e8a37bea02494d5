package org.minitransport.tck.verify.rtt;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tck.verify.Operation;
import org.minitransport.tck.verify.Script;
import org.quicktheories.core.Gen;

/**
 * The fixture of {@code RTT-11}: an estimator under test beside RFC 6298's formulas in exact
 * (double) arithmetic, and the operations a generated script is made of: samples from 0 to 3 s
 * (whole milliseconds plus a few nanoseconds, so that rounding shows) and backoffs.
 */
final class RttModelFixture {

  final RttEstimator estimator;
  private final RtoSettings settings;
  private boolean hasSample;
  private double srtt;
  private double rttVar;
  private double rto;

  RttModelFixture(RttEstimator estimator, RtoSettings settings) {
    this.estimator = estimator;
    this.settings = settings;
    this.rto = settings.initialRtoNs();
  }

  /** The generator of operations. */
  static Gen<Operation<RttModelFixture>> operations() {
    return integers().between(0, 3).zip(integers().between(0, 3_000), integers().between(0, 999),
        RttModelFixture::operation);
  }

  private static Operation<RttModelFixture> operation(int kind, int ms, int ns) {
    if (kind == 0) {
      return named("backoff()", s -> s.subject().backoff(s));
    }
    long rttNs = ms * RttEstimatorVerification.MS + ns;
    return named("addSample(" + RttEstimatorVerification.ms(rttNs) + ")",
        s -> s.subject().sample(s, rttNs));
  }

  private void sample(Script<RttModelFixture> s, long rttNs) {
    s.act("addSample(" + RttEstimatorVerification.ms(rttNs) + ")",
        f -> f.estimator.addSample(rttNs));
    if (!hasSample) {
      srtt = rttNs;
      rttVar = rttNs / 2.0;
      hasSample = true;
    } else {
      rttVar = 0.75 * rttVar + 0.25 * Math.abs(srtt - rttNs);
      srtt = 0.875 * srtt + 0.125 * rttNs;
    }
    double raw = srtt + Math.max(settings.clockGranularityNs(), 4 * rttVar);
    rto = Math.max(settings.minRtoNs(), Math.min(settings.maxRtoNs(), raw));
    check(s);
  }

  private void backoff(Script<RttModelFixture> s) {
    s.act("backoff()", f -> f.estimator.backoff());
    rto = Math.min(settings.maxRtoNs(), 2 * rto);
    check(s);
  }

  private void check(Script<RttModelFixture> s) {
    double[] expected = {srtt, rttVar, rto};
    s.expect("smoothedRttNs(), rttVariationNs(), rtoNs() (± 1 µs)",
        f -> show(new long[] {f.estimator.smoothedRttNs(), f.estimator.rttVariationNs(),
            f.estimator.rtoNs()}, expected),
        show(null, expected));
  }

  /** The values as text, each shown as the expected one when close enough to it. */
  private static List<String> show(long[] actual, double[] expected) {
    String[] out = new String[expected.length];
    for (int i = 0; i < expected.length; i++) {
      long rounded = Math.round(expected[i]);
      out[i] = actual == null || RttEstimatorVerification.closeEnough(actual[i], expected[i])
          ? RttEstimatorVerification.ms(rounded) : RttEstimatorVerification.ms(actual[i]);
    }
    return List.of(out);
  }

  private static Operation<RttModelFixture> named(String name, Operation<RttModelFixture> op) {
    return new Operation<>() {
      @Override
      public void run(Script<RttModelFixture> script) {
        op.run(script);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
