package org.minitransport.tck.verify.rtt;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.minitransport.tcp.RtoSettings;
import org.minitransport.tcp.component.RttEstimator;
import org.minitransport.tcp.component.RttEstimatorFactory;
import org.minitransport.tck.verify.Rule;
import org.minitransport.tck.verify.RuleExtension;
import org.minitransport.tck.verify.Script;
import org.minitransport.tck.verify.ScriptProperty;

/**
 * The verification suite of an {@link RttEstimator} (rules RTT-nn): RFC 6298's smoothed RTT,
 * variation and retransmission timeout (§2), the bounds (§2.4, §2.5), the backoff (§5.5) and the
 * RTO after a SYN timed out (§5.7). Subclass it with one method, {@link #factory()}.
 *
 * <p>Expected values are worked by hand from the formulas. Integer nanoseconds may round a
 * quarter or an eighth differently from exact arithmetic, so values are compared within 1 µs (a
 * thousandth of the finest clock granularity in use) or a millionth of the value.
 *
 * <p>Karn's algorithm (§3) and RTT samples from timestamps (RFC 7323 §4.1) decide which samples
 * reach the estimator; they are the sender's rules, checked by the sender's suite.
 */
@ExtendWith(RuleExtension.class)
public abstract class RttEstimatorVerification {

  /** The implementation under test. */
  protected abstract RttEstimatorFactory factory();

  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  /** How far a value may be from exact arithmetic (rounding of ¼ and ⅛ in integers). */
  static final long TOLERANCE_NS = 1_000L;

  /** Linux's 200 ms floor, so that RFC 6298's arithmetic shows below 1 s. */
  static final RtoSettings LINUX_LIKE = RtoSettings.rfc6298().withMinRto(Duration.ofMillis(200));

  Script<RttEstimator> estimator(String name, RtoSettings settings) {
    return Script.of(name + " (" + describe(settings) + ")", factory().create(settings));
  }

  static String describe(RtoSettings settings) {
    return "initial RTO " + ms(settings.initialRtoNs()) + ", min " + ms(settings.minRtoNs())
        + ", max " + ms(settings.maxRtoNs()) + ", G " + ms(settings.clockGranularityNs());
  }

  static String ms(long ns) {
    return ns % MS == 0 ? ns / MS + " ms" : ns / (double) MS + " ms";
  }

  static Script<RttEstimator> sample(Script<RttEstimator> s, long rttNs) {
    return s.act("addSample(" + ms(rttNs) + ")", e -> e.addSample(rttNs));
  }

  /** Expects the value within {@link #closeEnough tolerance} of {@code expectedNs}. */
  static Script<RttEstimator> near(Script<RttEstimator> s, String what,
      Script.Probe<RttEstimator, Long> observe, long expectedNs) {
    return s.expect(what, e -> {
      long actual = observe.apply(e);
      return closeEnough(actual, expectedNs) ? ms(expectedNs) : ms(actual);
    }, ms(expectedNs));
  }

  /**
   * Whether {@code actualNs} is {@code expectedNs} up to rounding: within 1 µs, or a millionth of
   * the value (a rounding error doubles with each backoff, as the RTO does).
   */
  static boolean closeEnough(long actualNs, double expectedNs) {
    return Math.abs(actualNs - expectedNs) <= Math.max(TOLERANCE_NS, Math.abs(expectedNs) / 1e6);
  }

  @Test
  @Rule(id = "RTT-01", cites = "RFC 6298 §2.1",
      hint = "If this fails, check that before any sample rtoNs() is settings.initialRtoNs() and"
          + " smoothedRttNs() and rttVariationNs() are 0")
  void usesTheInitialRtoBeforeAnySample() {
    estimator("no sample yet", RtoSettings.rfc6298())
        .expect("rtoNs()", e -> ms(e.rtoNs()), "1000 ms")
        .expect("smoothedRttNs()", RttEstimator::smoothedRttNs, 0L)
        .expect("rttVariationNs()", RttEstimator::rttVariationNs, 0L);
    estimator("a configured initial RTO",
            RtoSettings.rfc6298().withInitialRto(Duration.ofSeconds(3)))
        .expect("rtoNs()", e -> ms(e.rtoNs()), "3000 ms");
  }

  @Test
  @Rule(id = "RTT-02", cites = "RFC 6298 §2.2",
      hint = "If this fails, check the first sample R: SRTT = R, RTTVAR = R/2, RTO = SRTT +"
          + " max(G, 4·RTTVAR)")
  void firstSampleSetsSrttToRAndRttvarToHalfR() {
    Script<RttEstimator> s = estimator("first sample", LINUX_LIKE);
    sample(s, 100 * MS);
    near(s, "smoothedRttNs()", RttEstimator::smoothedRttNs, 100 * MS);
    near(s, "rttVariationNs()", RttEstimator::rttVariationNs, 50 * MS);
    near(s, "rtoNs() = 100 + max(1, 4·50)", RttEstimator::rtoNs, 300 * MS);
  }

  @Test
  @Rule(id = "RTT-03", cites = "RFC 6298 §2.3",
      hint = "If this fails, check the order: RTTVAR = ¾·RTTVAR + ¼·|SRTT − R'| with the OLD"
          + " SRTT, and only then SRTT = ⅞·SRTT + ⅛·R'")
  void laterSamplesUpdateRttvarWithTheOldSrttThenSrtt() {
    Script<RttEstimator> s = estimator("later samples", LINUX_LIKE);
    sample(s, 100 * MS);
    sample(s, 200 * MS);
    near(s, "rttVariationNs() = ¾·50 + ¼·|100 − 200|", RttEstimator::rttVariationNs,
        62_500_000L);
    near(s, "smoothedRttNs() = ⅞·100 + ⅛·200", RttEstimator::smoothedRttNs, 112_500_000L);
    near(s, "rtoNs() = 112.5 + 4·62.5", RttEstimator::rtoNs, 362_500_000L);
    sample(s, 80 * MS);
    near(s, "rttVariationNs() = ¾·62.5 + ¼·|112.5 − 80|", RttEstimator::rttVariationNs,
        55 * MS);
    near(s, "smoothedRttNs() = ⅞·112.5 + ⅛·80", RttEstimator::smoothedRttNs, 108_437_500L);
    near(s, "rtoNs() = 108.4375 + 4·55", RttEstimator::rtoNs, 328_437_500L);
  }

  @Test
  @Rule(id = "RTT-04", cites = "RFC 6298 §2.2, §2.3 (clock granularity G)",
      hint = "If this fails, check that the variance term is max(G, 4·RTTVAR), with G ="
          + " settings.clockGranularityNs()")
  void clockGranularityBoundsTheVarianceTerm() {
    Script<RttEstimator> s = estimator("a coarse clock", RtoSettings.rfc6298()
        .withMinRto(Duration.ofMillis(1)).withClockGranularity(Duration.ofMillis(100)));
    sample(s, 10 * MS);
    near(s, "rtoNs() = 10 + max(G = 100, 4·5)", RttEstimator::rtoNs, 110 * MS);
    sample(s, 10 * MS);
    near(s, "rtoNs() = 10 + max(G = 100, 4·3.75)", RttEstimator::rtoNs, 110 * MS);
  }

  @Test
  @Rule(id = "RTT-05", cites = "RFC 6298 §2.4",
      hint = "If this fails, check that RTO is raised to settings.minRtoNs() when the formula"
          + " gives less (RFC 6298's 1 s, or Linux's 200 ms)")
  void roundsTheRtoUpToTheMinimum() {
    Script<RttEstimator> s = estimator("a fast path, RFC floor", RtoSettings.rfc6298());
    sample(s, 100 * MS);
    near(s, "rtoNs() (300 ms raised to the 1 s floor)", RttEstimator::rtoNs, S);
    near(s, "smoothedRttNs() (not clamped)", RttEstimator::smoothedRttNs, 100 * MS);
    Script<RttEstimator> z = estimator("a zero sample", LINUX_LIKE);
    sample(z, 0);
    near(z, "rtoNs() (G = 1 ms raised to the 200 ms floor)", RttEstimator::rtoNs, 200 * MS);
  }

  @Test
  @Rule(id = "RTT-06", cites = "RFC 6298 §2.5",
      hint = "If this fails, check that RTO is capped at settings.maxRtoNs(), and that a huge"
          + " sample does not overflow a long (4·RTTVAR can exceed Long.MAX_VALUE)")
  void capsTheRtoAtTheMaximumWithoutOverflow() {
    Script<RttEstimator> s = estimator("a long path", RtoSettings.rfc6298());
    sample(s, 50 * S);
    near(s, "rtoNs() (50 + 4·25 = 150 s, capped)", RttEstimator::rtoNs, 60 * S);
    sample(s, Long.MAX_VALUE / 2);
    near(s, "rtoNs() after an absurd sample", RttEstimator::rtoNs, 60 * S);
    s.expectThat("smoothedRttNs() stays positive", e -> e.smoothedRttNs() > 0);
    Script<RttEstimator> first = estimator("an absurd first sample", RtoSettings.rfc6298());
    sample(first, Long.MAX_VALUE);
    near(first, "rtoNs() (SRTT + 4·RTTVAR overflows a long: capped)", RttEstimator::rtoNs,
        60 * S);
  }

  @Test
  @Rule(id = "RTT-07", cites = "RFC 6298 §5.5",
      hint = "If this fails, check backoff(): each call doubles RTO (\"back off the timer\"), up"
          + " to settings.maxRtoNs() and no further")
  void backoffDoublesTheRtoUpToTheMaximum() {
    Script<RttEstimator> s = estimator("repeated timeouts", RtoSettings.rfc6298());
    long[] seconds = {2, 4, 8, 16, 32, 60, 60};
    for (long expected : seconds) {
      s.act("backoff()", RttEstimator::backoff)
          .expect("rtoNs()", e -> ms(e.rtoNs()), ms(expected * S));
    }
    Script<RttEstimator> m = estimator("a timeout after samples", LINUX_LIKE);
    sample(m, 100 * MS);
    m.act("backoff()", RttEstimator::backoff);
    near(m, "rtoNs() (2·300)", RttEstimator::rtoNs, 600 * MS);
  }

  @Test
  @Rule(id = "RTT-08", cites = "RFC 6298 §5.5; §3 (Karn: keep the backed-off RTO until a"
      + " valid sample)",
      hint = "If this fails, check that backoff() leaves SRTT and RTTVAR alone, and that the next"
          + " sample recomputes RTO from them (ending the backoff)")
  void aSampleAfterBackoffRecomputesTheRtoFromTheEstimates() {
    Script<RttEstimator> s = estimator("backoff then a sample", LINUX_LIKE);
    sample(s, 100 * MS);
    s.act("backoff()", RttEstimator::backoff).act("backoff()", RttEstimator::backoff);
    near(s, "rtoNs() (4·300)", RttEstimator::rtoNs, 1200 * MS);
    near(s, "smoothedRttNs() (unchanged by backoff)", RttEstimator::smoothedRttNs, 100 * MS);
    near(s, "rttVariationNs() (unchanged by backoff)", RttEstimator::rttVariationNs, 50 * MS);
    sample(s, 100 * MS);
    near(s, "rtoNs() = 100 + 4·(¾·50)", RttEstimator::rtoNs, 250 * MS);
  }

  @Test
  @Rule(id = "RTT-09", cites = "contract: RttEstimator.addSample",
      hint = "If this fails, check that a negative sample throws IllegalArgumentException naming"
          + " it and changes nothing")
  void rejectsANegativeSampleNamingIt() {
    Script<RttEstimator> s = estimator("a negative sample", LINUX_LIKE);
    sample(s, 100 * MS);
    s.expectThrows("addSample(-7 ns)", IllegalArgumentException.class, e -> e.addSample(-7),
        "-7");
    near(s, "smoothedRttNs()", RttEstimator::smoothedRttNs, 100 * MS);
    near(s, "rtoNs()", RttEstimator::rtoNs, 300 * MS);
  }

  @Test
  @Rule(id = "RTT-10", cites = "RFC 6298 §5.7",
      hint = "If this fails, check resetAfterSynTimeout(): without a sample RTO becomes 3 s"
          + " (clamped to [minRto, maxRto]) once the handshake completes after a SYN timed out;"
          + " with a sample it changes nothing")
  void usesThreeSecondsOnceDataFlowsAfterASynTimedOut() {
    Script<RttEstimator> s = estimator("a SYN timed out twice", RtoSettings.rfc6298());
    s.act("backoff()", RttEstimator::backoff).act("backoff()", RttEstimator::backoff)
        .act("resetAfterSynTimeout()", RttEstimator::resetAfterSynTimeout)
        .expect("rtoNs()", e -> ms(e.rtoNs()), "3000 ms");
    Script<RttEstimator> m = estimator("a sample was taken", LINUX_LIKE);
    sample(m, 100 * MS);
    m.act("resetAfterSynTimeout()", RttEstimator::resetAfterSynTimeout);
    near(m, "rtoNs() (the measured one)", RttEstimator::rtoNs, 300 * MS);
  }

  @Test
  @Rule(id = "RTT-11", cites = "RFC 6298 §2, §5.5",
      hint = "If this fails, read the shortest failing script: after each sample or backoff,"
          + " SRTT, RTTVAR and RTO must match RFC 6298's formulas (exact arithmetic, ± 1 µs)")
  void agreesWithTheFormulasOnEveryScript() {
    ScriptProperty.of("samples and backoffs agree with RFC 6298's formulas",
            () -> new RttModelFixture(factory().create(LINUX_LIKE), LINUX_LIKE),
            RttModelFixture.operations())
        .length(1, 25)
        .examples(300)
        .check();
  }

  @Test
  @Rule(id = "RTT-12", cites = "RFC 6298 §2.3, §2.5, §5.5 (RTO = SRTT + max(G, 4·RTTVAR), at"
      + " most the maximum; backoff doubles it up to the maximum)",
      hint = "If this fails, check the arithmetic at the extremes: with no practical maximum"
          + " (maxRto = Long.MAX_VALUE ns) an RTO whose 4·RTTVAR overflows a long must saturate at"
          + " Long.MAX_VALUE, not wrap or fall back to SRTT + G; and backoff() gives exactly"
          + " min(2·RTO, maxRto), so an RTO of half an odd maximum doubles to one below it")
  void computesTheRtoExactlyAtTheExtremes() {
    RtoSettings unbounded = new RtoSettings(S, S, Long.MAX_VALUE, MS);
    Script<RttEstimator> s = estimator("no practical maximum", unbounded);
    long huge = Long.MAX_VALUE / 10 * 6;
    sample(s, huge);
    s.expect("rtoNs() (0.6·MAX + 4·0.3·MAX saturates)", RttEstimator::rtoNs, Long.MAX_VALUE);
    RtoSettings odd = new RtoSettings(30 * S, S, 60 * S + 1, MS);
    Script<RttEstimator> b = estimator("a maximum of 60 s + 1 ns", odd);
    b.act("backoff()", RttEstimator::backoff)
        .expect("rtoNs() (2·30 s, below the maximum)", RttEstimator::rtoNs, 60 * S)
        .act("backoff()", RttEstimator::backoff)
        .expect("rtoNs() (the maximum)", RttEstimator::rtoNs, 60 * S + 1);
  }
}
