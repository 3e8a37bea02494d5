package org.minitransport.testkit;

import static org.quicktheories.generators.SourceDSL.longs;

import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

/**
 * QuickTheories generators of simulated-link impairments ({@link LinkConfig}) and of seeds, for
 * property tests over random network conditions:
 *
 * <pre>{@code
 * qt().forAll(ImpairmentGenerators.harsh(), ImpairmentGenerators.seeds())
 *     .checkAssert((link, seed) -> ... every byte still arrives in order ...);
 * }</pre>
 *
 * <p>Every value is drawn uniformly from the range stated on its factory; every range includes
 * its lower end, which is also the value QuickTheories shrinks towards, so a failure shrinks
 * towards the mildest link that still fails. Rates are per packet; "bandwidth unlimited" means
 * {@code bandwidthBitsPerSecond = 0} (no queue). No generator uses partitions: schedule those in
 * the test, where their timing is meaningful.
 */
public final class ImpairmentGenerators {

  private static final long MICROSECOND_NS = 1_000;
  private static final long MILLISECOND_NS = 1_000_000;
  /** Resolution of the generated probabilities: one part in a million. */
  private static final long PROBABILITY_STEPS = 1_000_000;

  private ImpairmentGenerators() {}

  /**
   * Clean links: one-way delay 0.1–50 ms; no loss, duplication, reordering, corruption or
   * jitter; MTU 1500; bandwidth unlimited.
   */
  public static Gen<LinkConfig> none() {
    return in -> LinkConfig.builder()
        .delayNs(between(in, 100 * MICROSECOND_NS, 50 * MILLISECOND_NS))
        .build();
  }

  /**
   * A decent real path: delay 1–50 ms, jitter 0–2 ms, independent loss 0–2 %, duplication 0–1 %,
   * reordering 0–2 % (held back 1–20 ms), no corruption, MTU 1500, bandwidth unlimited or 10–1000
   * Mbit/s with a 100–1000-packet queue.
   */
  public static Gen<LinkConfig> mild() {
    return in -> {
      LinkConfig.Builder link = LinkConfig.builder()
          .delayNs(between(in, MILLISECOND_NS, 50 * MILLISECOND_NS))
          .jitterNs(between(in, 0, 2 * MILLISECOND_NS))
          .lossProbability(probability(in, 0.02))
          .duplicationProbability(probability(in, 0.01))
          .reordering(probability(in, 0.02),
              between(in, MILLISECOND_NS, 20 * MILLISECOND_NS));
      if (in.next(Constraint.between(0, 1)) == 1) {
        link.bandwidthBitsPerSecond(between(in, 10_000_000, 1_000_000_000))
            .queueCapacityPackets((int) between(in, 100, 1_000));
      }
      return link.build();
    };
  }

  /**
   * A hostile path, to shake out recovery bugs:
   *
   * <ul>
   *   <li>delay 0.5–200 ms, jitter 0–20 ms;
   *   <li>independent loss 0–15 %, and half the time Gilbert–Elliott burst loss in addition with a
   *       long-run loss of 0–15 % in bursts averaging 1–10 packets (so 0–30 % in all, about);
   *   <li>duplication 0–10 %; reordering 0–20 %, held back 1–50 ms;
   *   <li>corruption 0–5 %, flipping 1 to 1–8 bits;
   *   <li>MTU 576–9000 (576 is the least every IPv4 host must reassemble, RFC 791 §3.2; 9000 a
   *       jumbo frame);
   *   <li>bandwidth unlimited half the time, else 64 kbit/s–100 Mbit/s with a 10–1000-packet
   *       queue.
   * </ul>
   */
  public static Gen<LinkConfig> harsh() {
    return in -> {
      LinkConfig.Builder link = LinkConfig.builder()
          .delayNs(between(in, 500 * MICROSECOND_NS, 200 * MILLISECOND_NS))
          .jitterNs(between(in, 0, 20 * MILLISECOND_NS))
          .lossProbability(probability(in, 0.15))
          .duplicationProbability(probability(in, 0.10))
          .reordering(probability(in, 0.20), between(in, MILLISECOND_NS, 50 * MILLISECOND_NS))
          .corruption(probability(in, 0.05), (int) between(in, 1, 8))
          .mtu((int) between(in, 576, 9_000));
      if (in.next(Constraint.between(0, 1)) == 1) {
        double averageLoss = probability(in, 0.15);
        double meanBurstLength = 1 + probability(in, 9);
        link.burstLoss(GilbertElliottLoss.fromAverageLoss(averageLoss, meanBurstLength));
      }
      if (in.next(Constraint.between(0, 1)) == 1) {
        link.bandwidthBitsPerSecond(between(in, 64_000, 100_000_000))
            .queueCapacityPackets((int) between(in, 10, 1_000));
      }
      return link.build();
    };
  }

  /** Any of {@link #none()}, {@link #mild()} and {@link #harsh()}, equally often. */
  public static Gen<LinkConfig> any() {
    return Generate.oneOf(none(), mild(), harsh());
  }

  /** Seeds for {@link org.minitransport.core.net.sim.SimulatedNetwork}: any {@code long}. */
  public static Gen<Long> seeds() {
    return longs().all();
  }

  private static long between(RandomnessSource in, long min, long max) {
    return in.next(Constraint.between(min, max).withShrinkPoint(min));
  }

  /** Uniform in {@code [0, max]} in steps of a millionth of {@code max}. */
  private static double probability(RandomnessSource in, double max) {
    return max * in.next(Constraint.between(0, PROBABILITY_STEPS).withShrinkPoint(0))
        / PROBABILITY_STEPS;
  }
}
