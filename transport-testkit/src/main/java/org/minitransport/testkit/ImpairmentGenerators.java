package org.minitransport.testkit;

import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;
import org.minitransport.core.net.sim.PartitionWindow;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

/**
 * The project's one generator of simulated-link impairments ({@link LinkConfig}) for QuickTheories
 * property tests, and of seeds:
 *
 * <pre>{@code
 * qt().forAll(ImpairmentGenerators.harsh(), ImpairmentGenerators.seeds())
 *     .checkAssert((link, seed) -> ... every byte still arrives in order ...);
 * }</pre>
 *
 * <p>Each link is drawn from a {@link Profile}: the ranges of every impairment. Every impairment
 * is switched on for about half of the links (so their interactions vary), and every value is
 * drawn uniformly from its range with QuickTheories' shrink point at the mild end, so a failure
 * shrinks towards fewer impairments, then milder ones. Rates are per packet; a bandwidth of 0
 * means unlimited (no queue). Corrupted packets get 1 to {@link Profile#maxCorruptedBits} bits
 * flipped: keep it at 1 where the transport must catch every corruption (the Internet checksum
 * always catches one flipped bit; two can cancel out, RFC 1071).
 */
public final class ImpairmentGenerators {

  private static final long MICROSECOND_NS = 1_000;
  private static final long MILLISECOND_NS = 1_000_000;
  /** Resolution of the generated probabilities: one part in a million. */
  private static final long PROBABILITY_STEPS = 1_000_000;

  /**
   * The ranges a link is drawn from. Maxima of 0 switch an impairment off. Build variants with the
   * {@code with…} methods.
   *
   * @param minDelayNs least one-way delay
   * @param maxDelayNs largest one-way delay
   * @param maxJitterNs largest jitter
   * @param maxLoss largest independent loss probability
   * @param maxBurstLoss largest long-run loss of the Gilbert–Elliott burst model (added to the
   *     independent loss)
   * @param maxMeanBurst longest mean burst, in packets (at least 1)
   * @param maxDuplication largest duplication probability
   * @param maxReorder largest reordering probability
   * @param maxReorderDelayNs longest extra hold-back of a reordered packet (at least 1 ms)
   * @param maxCorruption largest corruption probability
   * @param maxCorruptedBits most bits flipped in one corrupted packet (1–64)
   * @param minMtu least MTU (the MTU is drawn when {@code minMtu < maxMtu}, else it is {@code
   *     maxMtu})
   * @param maxMtu largest MTU
   * @param minBandwidthBitsPerSecond least bandwidth when limited
   * @param maxBandwidthBitsPerSecond largest bandwidth when limited; 0 = always unlimited
   * @param minQueuePackets least queue when the bandwidth is limited
   * @param maxQueuePackets largest queue when the bandwidth is limited
   * @param maxPartitions most partition windows (0 = none)
   * @param maxPartitionStartNs latest start of a partition window
   * @param minPartitionNs shortest partition window
   * @param maxPartitionNs longest partition window
   */
  public record Profile(long minDelayNs, long maxDelayNs, long maxJitterNs, double maxLoss,
      double maxBurstLoss, double maxMeanBurst, double maxDuplication, double maxReorder,
      long maxReorderDelayNs, double maxCorruption, int maxCorruptedBits, int minMtu, int maxMtu,
      long minBandwidthBitsPerSecond, long maxBandwidthBitsPerSecond, int minQueuePackets,
      int maxQueuePackets, int maxPartitions, long maxPartitionStartNs, long minPartitionNs,
      long maxPartitionNs) {

    public Profile {
      if (minDelayNs < 0 || maxDelayNs < minDelayNs || maxJitterNs < 0) {
        throw new IllegalArgumentException("delay " + minDelayNs + "–" + maxDelayNs
            + " ns and jitter " + maxJitterNs + " ns must be ordered and not negative");
      }
      if (maxMeanBurst < 1 || maxCorruptedBits < 1 || maxCorruptedBits > 64) {
        throw new IllegalArgumentException("mean burst " + maxMeanBurst
            + " must be at least 1 and corrupted bits " + maxCorruptedBits + " in 1–64");
      }
      if (minMtu < LinkConfig.MIN_MTU || maxMtu < minMtu || maxMtu > LinkConfig.MAX_MTU) {
        throw new IllegalArgumentException("MTU " + minMtu + "–" + maxMtu + " must lie in "
            + LinkConfig.MIN_MTU + "–" + LinkConfig.MAX_MTU);
      }
      if (maxPartitions < 0 || minPartitionNs < 1 || maxPartitionNs < minPartitionNs) {
        throw new IllegalArgumentException("partitions: " + maxPartitions + " windows of "
            + minPartitionNs + "–" + maxPartitionNs + " ns");
      }
    }

    /** The same profile with partitions: up to {@code windows} windows, each starting by {@code
     * latestStartNs} and lasting {@code minNs}–{@code maxNs}. */
    public Profile withPartitions(int windows, long latestStartNs, long minNs, long maxNs) {
      return new Profile(minDelayNs, maxDelayNs, maxJitterNs, maxLoss, maxBurstLoss,
          maxMeanBurst, maxDuplication, maxReorder, maxReorderDelayNs, maxCorruption,
          maxCorruptedBits, minMtu, maxMtu, minBandwidthBitsPerSecond, maxBandwidthBitsPerSecond,
          minQueuePackets, maxQueuePackets, windows, latestStartNs, minNs, maxNs);
    }

    /** The same profile with the loss (independent and burst) capped at {@code max} each. */
    public Profile withMaxLoss(double max) {
      return new Profile(minDelayNs, maxDelayNs, maxJitterNs, Math.min(maxLoss, max),
          Math.min(maxBurstLoss, max), maxMeanBurst, maxDuplication, maxReorder,
          maxReorderDelayNs, maxCorruption, maxCorruptedBits, minMtu, maxMtu,
          minBandwidthBitsPerSecond, maxBandwidthBitsPerSecond, minQueuePackets,
          maxQueuePackets, maxPartitions, maxPartitionStartNs, minPartitionNs, maxPartitionNs);
    }

    /** The same profile with corrupted packets getting 1 to {@code bits} flipped bits. */
    public Profile withMaxCorruptedBits(int bits) {
      return new Profile(minDelayNs, maxDelayNs, maxJitterNs, maxLoss, maxBurstLoss,
          maxMeanBurst, maxDuplication, maxReorder, maxReorderDelayNs, maxCorruption, bits,
          minMtu, maxMtu, minBandwidthBitsPerSecond, maxBandwidthBitsPerSecond, minQueuePackets,
          maxQueuePackets, maxPartitions, maxPartitionStartNs, minPartitionNs, maxPartitionNs);
    }

    /** The same profile with MTUs drawn from {@code min}–{@code max}. */
    public Profile withMtu(int min, int max) {
      return new Profile(minDelayNs, maxDelayNs, maxJitterNs, maxLoss, maxBurstLoss,
          maxMeanBurst, maxDuplication, maxReorder, maxReorderDelayNs, maxCorruption,
          maxCorruptedBits, min, max, minBandwidthBitsPerSecond, maxBandwidthBitsPerSecond,
          minQueuePackets, maxQueuePackets, maxPartitions, maxPartitionStartNs, minPartitionNs,
          maxPartitionNs);
    }

    /** The links of this profile. */
    public Gen<LinkConfig> links() {
      return in -> draw(in, this);
    }
  }

  /** Clean links: delay 0.1–50 ms, nothing else (MTU 1500, bandwidth unlimited). */
  public static final Profile NONE = new Profile(100 * MICROSECOND_NS, 50 * MILLISECOND_NS, 0, 0,
      0, 1, 0, 0, MILLISECOND_NS, 0, 1, 1500, 1500, 0, 0, 1, 1, 0, 0, 1, 1);

  /**
   * A decent real path: delay 1–50 ms, jitter 0–2 ms, loss 0–2 %, duplication 0–1 %, reordering
   * 0–2 % (held back 1–20 ms), MTU 1500, bandwidth unlimited or 10–1000 Mbit/s with a
   * 100–1000-packet queue.
   */
  public static final Profile MILD = new Profile(MILLISECOND_NS, 50 * MILLISECOND_NS,
      2 * MILLISECOND_NS, 0.02, 0, 1, 0.01, 0.02, 20 * MILLISECOND_NS, 0, 1, 1500, 1500,
      10_000_000, 1_000_000_000, 100, 1_000, 0, 0, 1, 1);

  /**
   * A hostile path: delay 0.5–200 ms, jitter 0–20 ms; loss 0–15 % and burst loss 0–15 % in
   * bursts of 1–10 packets; duplication 0–10 %; reordering 0–20 % (held back 1–50 ms); corruption
   * 0–5 % flipping 1–8 bits; MTU 576–9000 (576 is the least every IPv4 host must reassemble, RFC
   * 791 §3.2; 9000 a jumbo frame); bandwidth unlimited or 64 kbit/s–100 Mbit/s with a
   * 10–1000-packet queue.
   */
  public static final Profile HARSH = new Profile(500 * MICROSECOND_NS, 200 * MILLISECOND_NS,
      20 * MILLISECOND_NS, 0.15, 0.15, 10, 0.10, 0.20, 50 * MILLISECOND_NS, 0.05, 8, 576, 9_000,
      64_000, 100_000_000, 10, 1_000, 0, 0, 1, 1);

  /**
   * What a reliable transport must survive, kept short in virtual time: delay 1–40 ms, jitter
   * 0–10 ms; loss 0–30 % and burst loss 0–30 % in bursts of 1–5 packets; duplication 0–5 %;
   * reordering 0–10 % (held back 1–85 ms); corruption 0–2 % flipping exactly one bit (which the
   * checksum always catches); MTU 576–9000; bandwidth unlimited or 1–50 Mbit/s with a
   * 5–200-packet queue.
   */
  public static final Profile TRANSPORT = new Profile(MILLISECOND_NS, 40 * MILLISECOND_NS,
      10 * MILLISECOND_NS, 0.30, 0.30, 5, 0.05, 0.10, 85 * MILLISECOND_NS, 0.02, 1, 576, 9_000,
      1_000_000, 50_000_000, 5, 200, 0, 0, 1, 1);

  private ImpairmentGenerators() {}

  /** Links of {@link #NONE}. */
  public static Gen<LinkConfig> none() {
    return NONE.links();
  }

  /** Links of {@link #MILD}. */
  public static Gen<LinkConfig> mild() {
    return MILD.links();
  }

  /** Links of {@link #HARSH}. */
  public static Gen<LinkConfig> harsh() {
    return HARSH.links();
  }

  /** Links of {@link #TRANSPORT}. */
  public static Gen<LinkConfig> transport() {
    return TRANSPORT.links();
  }

  /** Any of {@link #none()}, {@link #mild()} and {@link #harsh()}, equally often. */
  public static Gen<LinkConfig> any() {
    return Generate.oneOf(none(), mild(), harsh());
  }

  /** Seeds for {@link org.minitransport.core.net.sim.SimulatedNetwork}: any {@code long}. */
  public static Gen<Long> seeds() {
    return longs().all();
  }

  private static LinkConfig draw(RandomnessSource in, Profile p) {
    LinkConfig.Builder link = LinkConfig.builder()
        .delayNs(between(in, p.minDelayNs(), p.maxDelayNs()))
        .jitterNs(on(in, p.maxJitterNs() > 0) ? between(in, 0, p.maxJitterNs()) : 0)
        .lossProbability(maybeProbability(in, p.maxLoss()))
        .duplicationProbability(maybeProbability(in, p.maxDuplication()));
    double reorder = maybeProbability(in, p.maxReorder());
    if (reorder > 0) {
      link.reordering(reorder, between(in, MILLISECOND_NS,
          Math.max(MILLISECOND_NS, p.maxReorderDelayNs())));
    }
    double corruption = maybeProbability(in, p.maxCorruption());
    if (corruption > 0) {
      link.corruption(corruption, (int) between(in, 1, p.maxCorruptedBits()));
    }
    link.mtu(p.minMtu() < p.maxMtu() && on(in, true)
        ? (int) in.next(Constraint.between(p.minMtu(), p.maxMtu()).withShrinkPoint(
            Math.min(Math.max(1500, p.minMtu()), p.maxMtu())))
        : Math.min(Math.max(1500, p.minMtu()), p.maxMtu()));
    double burst = maybeProbability(in, p.maxBurstLoss());
    if (burst > 0) {
      double meanBurst = 1 + probability(in, p.maxMeanBurst() - 1);
      link.burstLoss(GilbertElliottLoss.fromAverageLoss(burst, meanBurst));
    }
    if (on(in, p.maxBandwidthBitsPerSecond() > 0)) {
      link.bandwidthBitsPerSecond(
              between(in, p.minBandwidthBitsPerSecond(), p.maxBandwidthBitsPerSecond()))
          .queueCapacityPackets((int) between(in, p.minQueuePackets(), p.maxQueuePackets()));
    }
    if (p.maxPartitions() > 0) {
      int windows = (int) between(in, 0, p.maxPartitions());
      List<PartitionWindow> partitions = new ArrayList<>();
      for (int i = 0; i < windows; i++) {
        long startNs = between(in, 0, p.maxPartitionStartNs());
        partitions.add(new PartitionWindow(startNs,
            startNs + between(in, p.minPartitionNs(), p.maxPartitionNs())));
      }
      link.partitions(partitions);
    }
    return link.build();
  }

  /** A switch, on about half the time when {@code possible}; shrinks to off. */
  private static boolean on(RandomnessSource in, boolean possible) {
    return possible && in.next(Constraint.between(0, 1).withShrinkPoint(0)) == 1;
  }

  private static double maybeProbability(RandomnessSource in, double max) {
    return on(in, max > 0) ? probability(in, max) : 0;
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
