package org.minitransport.core.net.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The impairments of one direction of a simulated link: an immutable value, built with {@link
 * #builder()}. The {@linkplain #DEFAULT default} is a clean 1 ms link with MTU 1500 and no
 * impairments.
 *
 * <p>A packet sent on a link meets the stages in this order; the first that drops it decides the
 * {@link org.minitransport.core.net.DropReason}:
 *
 * <ol>
 *   <li>MTU: longer than {@link #mtu()} → {@code OVERSIZE} (there is no fragmentation).
 *   <li>Partition: send time inside one of {@link #partitions()} → {@code PARTITION}.
 *   <li>Loss: independently with {@link #lossProbability()}, or by the {@link #burstLoss()}
 *       chain → {@code LOSS}. Lost packets take no room in the queue.
 *   <li>Queue and bandwidth: with {@link #bandwidthBitsPerSecond()} {@code > 0} packets are
 *       serialized one after another, each taking {@code ceil(size·8·10⁹ / bandwidth)} ns. The queue
 *       holds every packet whose serialization has not finished (including the one on the wire);
 *       a packet that would make it exceed {@link #queueCapacityPackets()} or {@link
 *       #queueCapacityBytes()} is tail-dropped → {@code QUEUE_FULL}. With bandwidth 0 (unlimited)
 *       there is no queue.
 *   <li>Corruption: with {@link #corruptionProbability()}, 1 to {@link #corruptionMaxBits()}
 *       distinct bits anywhere in the packet are flipped; the packet is still delivered.
 *   <li>Delay: the packet arrives at {@code max(serializationEnd + delayNs + jitter, previous
 *       in-order arrival on this link)}, where the jitter is uniform over {@code [0, jitterNs]}
 *       (so the mean one-way delay is {@code delayNs + jitterNs/2}). Jitter alone therefore never
 *       reorders: it only bunches packets up.
 *   <li>Reordering: with {@link #reorderProbability()}, the packet is instead held back an extra
 *       {@link #reorderDelayNs()} after its jittered arrival, without holding back later packets;
 *       those sent within that time overtake it. It is counted as reordered only when it was
 *       actually overtaken.
 *   <li>Duplication: with {@link #duplicationProbability()}, one extra copy (of the packet as
 *       corrupted, if it was) is delivered right after the original.
 * </ol>
 *
 * @param lossProbability independent loss probability per packet, 0–1
 * @param burstLoss Gilbert–Elliott burst loss, applied in addition; {@link GilbertElliottLoss#NONE}
 *     for none
 * @param duplicationProbability probability of delivering one extra copy, 0–1
 * @param reorderProbability probability of holding a packet back by {@code reorderDelayNs}, 0–1
 * @param reorderDelayNs extra delay of a held-back packet, {@code >= 0}
 * @param delayNs base one-way propagation delay, {@code >= 0} (0 is allowed: delivery in the same
 *     instant, still only when the driver calls {@code deliverDue})
 * @param jitterNs the jitter is uniform over {@code [0, jitterNs]}, {@code >= 0}
 * @param bandwidthBitsPerSecond serialization rate, {@code >= 0}; 0 means unlimited (no queue)
 * @param queueCapacityPackets most packets queued, {@code >= 1}; only with a bandwidth
 * @param queueCapacityBytes most bytes queued, {@code >= 1}; only with a bandwidth
 * @param corruptionProbability probability of flipping bits in a packet, 0–1
 * @param corruptionMaxBits most bits flipped in one corrupted packet, 1–64
 * @param mtu largest packet in bytes, 68–65535 (RFC 791 §3.2: every host takes 68 octets)
 * @param partitions windows during which the link drops what is sent
 */
public record LinkConfig(
    double lossProbability,
    GilbertElliottLoss burstLoss,
    double duplicationProbability,
    double reorderProbability,
    long reorderDelayNs,
    long delayNs,
    long jitterNs,
    long bandwidthBitsPerSecond,
    int queueCapacityPackets,
    long queueCapacityBytes,
    double corruptionProbability,
    int corruptionMaxBits,
    int mtu,
    List<PartitionWindow> partitions) {

  /** Default one-way delay: 1 ms, so a ping-pong between zero-time receivers still advances time. */
  public static final long DEFAULT_DELAY_NS = 1_000_000;
  /** Default extra hold-back of a reordered packet: 10 ms. */
  public static final long DEFAULT_REORDER_DELAY_NS = 10_000_000;
  /** Default queue capacity in packets (Linux's default txqueuelen). */
  public static final int DEFAULT_QUEUE_CAPACITY_PACKETS = 1000;
  /** Default MTU: Ethernet's 1500 bytes. */
  public static final int DEFAULT_MTU = 1500;
  /** Smallest MTU allowed (RFC 791 §3.2). */
  public static final int MIN_MTU = 68;
  /** Largest MTU allowed: the IPv4 total-length limit. */
  public static final int MAX_MTU = 65535;

  /** A clean link: 1 ms delay, MTU 1500, unlimited bandwidth, no impairments. */
  public static final LinkConfig DEFAULT = builder().build();

  /**
   * @throws IllegalArgumentException naming the field, the bad value and the rule
   */
  public LinkConfig {
    checkProbability("lossProbability", lossProbability);
    Objects.requireNonNull(burstLoss, "burstLoss is null; use GilbertElliottLoss.NONE");
    checkProbability("duplicationProbability", duplicationProbability);
    checkProbability("reorderProbability", reorderProbability);
    checkNotNegative("reorderDelayNs", reorderDelayNs);
    checkNotNegative("delayNs", delayNs);
    checkNotNegative("jitterNs", jitterNs);
    if (jitterNs == Long.MAX_VALUE) {
      throw new IllegalArgumentException("jitterNs " + jitterNs + " must be below Long.MAX_VALUE");
    }
    checkNotNegative("bandwidthBitsPerSecond", bandwidthBitsPerSecond);
    if (queueCapacityPackets < 1) {
      throw new IllegalArgumentException(
          "queueCapacityPackets " + queueCapacityPackets + " must be at least 1");
    }
    if (queueCapacityBytes < 1) {
      throw new IllegalArgumentException(
          "queueCapacityBytes " + queueCapacityBytes + " must be at least 1");
    }
    checkProbability("corruptionProbability", corruptionProbability);
    if (corruptionMaxBits < 1 || corruptionMaxBits > 64) {
      throw new IllegalArgumentException(
          "corruptionMaxBits " + corruptionMaxBits + " must be between 1 and 64");
    }
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException(
          "mtu " + mtu + " must be between " + MIN_MTU + " and " + MAX_MTU + " bytes");
    }
    Objects.requireNonNull(partitions, "partitions is null; use an empty list");
    partitions = List.copyOf(partitions);
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether the link is cut at {@code timeNs} by one of its partition windows. */
  public boolean isPartitionedAt(long timeNs) {
    for (int i = 0, n = partitions.size(); i < n; i++) {
      if (partitions.get(i).contains(timeNs)) {
        return true;
      }
    }
    return false;
  }

  private static void checkProbability(String name, double value) {
    GilbertElliottLoss.checkProbability(name, value);
  }

  private static void checkNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " " + value + " must not be negative");
    }
  }

  /** Builds a {@link LinkConfig}; every field starts at its default. Not thread-safe. */
  public static final class Builder {
    private double lossProbability;
    private GilbertElliottLoss burstLoss = GilbertElliottLoss.NONE;
    private double duplicationProbability;
    private double reorderProbability;
    private long reorderDelayNs = DEFAULT_REORDER_DELAY_NS;
    private long delayNs = DEFAULT_DELAY_NS;
    private long jitterNs;
    private long bandwidthBitsPerSecond;
    private int queueCapacityPackets = DEFAULT_QUEUE_CAPACITY_PACKETS;
    private long queueCapacityBytes = Long.MAX_VALUE;
    private double corruptionProbability;
    private int corruptionMaxBits = 1;
    private int mtu = DEFAULT_MTU;
    private final List<PartitionWindow> partitions = new ArrayList<>();

    private Builder() {}

    private Builder(LinkConfig from) {
      lossProbability = from.lossProbability;
      burstLoss = from.burstLoss;
      duplicationProbability = from.duplicationProbability;
      reorderProbability = from.reorderProbability;
      reorderDelayNs = from.reorderDelayNs;
      delayNs = from.delayNs;
      jitterNs = from.jitterNs;
      bandwidthBitsPerSecond = from.bandwidthBitsPerSecond;
      queueCapacityPackets = from.queueCapacityPackets;
      queueCapacityBytes = from.queueCapacityBytes;
      corruptionProbability = from.corruptionProbability;
      corruptionMaxBits = from.corruptionMaxBits;
      mtu = from.mtu;
      partitions.addAll(from.partitions);
    }

    public Builder lossProbability(double probability) {
      lossProbability = probability;
      return this;
    }

    public Builder burstLoss(GilbertElliottLoss model) {
      burstLoss = model;
      return this;
    }

    public Builder duplicationProbability(double probability) {
      duplicationProbability = probability;
      return this;
    }

    /** Holds a packet back by {@code extraDelayNs} with {@code probability}. */
    public Builder reordering(double probability, long extraDelayNs) {
      reorderProbability = probability;
      reorderDelayNs = extraDelayNs;
      return this;
    }

    public Builder delayNs(long nanos) {
      delayNs = nanos;
      return this;
    }

    public Builder jitterNs(long nanos) {
      jitterNs = nanos;
      return this;
    }

    /** Serialization rate in bits per second; 0 for unlimited. */
    public Builder bandwidthBitsPerSecond(long bitsPerSecond) {
      bandwidthBitsPerSecond = bitsPerSecond;
      return this;
    }

    public Builder queueCapacityPackets(int packets) {
      queueCapacityPackets = packets;
      return this;
    }

    public Builder queueCapacityBytes(long bytes) {
      queueCapacityBytes = bytes;
      return this;
    }

    /** Corrupts a packet with {@code probability}, flipping 1 to {@code maxBits} bits. */
    public Builder corruption(double probability, int maxBits) {
      corruptionProbability = probability;
      corruptionMaxBits = maxBits;
      return this;
    }

    public Builder mtu(int bytes) {
      mtu = bytes;
      return this;
    }

    /** Adds a partition window {@code [startNs, endNs)}. */
    public Builder partition(long startNs, long endNs) {
      partitions.add(new PartitionWindow(startNs, endNs));
      return this;
    }

    /** Replaces the partition windows. */
    public Builder partitions(List<PartitionWindow> windows) {
      partitions.clear();
      partitions.addAll(windows);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad field
     */
    public LinkConfig build() {
      return new LinkConfig(
          lossProbability,
          burstLoss,
          duplicationProbability,
          reorderProbability,
          reorderDelayNs,
          delayNs,
          jitterNs,
          bandwidthBitsPerSecond,
          queueCapacityPackets,
          queueCapacityBytes,
          corruptionProbability,
          corruptionMaxBits,
          mtu,
          partitions);
    }
  }
}
